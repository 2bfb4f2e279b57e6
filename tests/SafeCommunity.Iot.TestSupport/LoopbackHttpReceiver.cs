using System.Collections.Concurrent;
using System.Net;
namespace SafeCommunity.Iot.TestSupport;

/// <summary>One request the receiver got, with the status it answered.</summary>
/// <param name="Path">The URL's path.</param>
/// <param name="ContentType">The Content-Type header.</param>
/// <param name="Headers">Every header (names case-insensitive).</param>
/// <param name="Body">The body's bytes.</param>
/// <param name="Status">The status it was answered with.</param>
public sealed record ReceivedRequest(string Path, string ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status)
{
    /// <summary>A header's value, or empty.</summary>
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real HTTP server on loopback (<see cref="HttpListener"/>) standing in for a family's webhook receiver and for an
/// SMS gateway. It answers with <see cref="Respond"/> and honours the <c>Idempotency-Key</c> as a careful receiver
/// does: a key it accepted before is answered 200 again and not accepted a second time. Each request is recorded
/// before it is answered, so once a send returned, its request is here.
/// </summary>
public sealed class LoopbackHttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ReceivedRequest> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, int Count)> _duplicates = new();

    /// <summary>Starts listening on a free loopback port.</summary>
    public LoopbackHttpReceiver()
    {
        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The server's root, <c>http://127.0.0.1:port/</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The status for a request (200 unless a test says otherwise).</summary>
    public Func<ReceivedRequest, int> Respond { get; set; } = _ => 200;

    /// <summary>Every request, in the order they came.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>The requests accepted (2xx) for the first time under their path and idempotency key.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. _accepted.Values];

    /// <summary>Requests that came again after their key was accepted.</summary>
    public int Duplicates => _duplicates.Count;

    /// <summary>The requests to <paramref name="path"/>.</summary>
    public IReadOnlyList<ReceivedRequest> To(string path) => [.. _requests.Where(r => r.Path == path)];

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's pending GetContext ends with an exception when it is closed.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys
                .Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType ?? string.Empty, headers, body.ToArray(), 0);
            // One server stands for several receivers (one per path); each keeps its own keys.
            var key = request.Header("Idempotency-Key") is { Length: > 0 } header ? request.Path + " " + header : string.Empty;
            int status;
            if (key.Length > 0 && _accepted.ContainsKey(key))
            {
                status = 200;
                _duplicates.Enqueue((key, 1));
            }
            else
            {
                status = Respond(request);
                if (status is >= 200 and < 300 && key.Length > 0)
                {
                    _accepted.TryAdd(key, request with { Status = status });
                }
            }

            _requests.Enqueue(request with { Status = status });
            try
            {
                context.Response.StatusCode = status;
                context.Response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or IOException)
            {
                // The client is gone (a gateway killed while it waited for the answer); the next one is served.
            }
        }
    }
}
