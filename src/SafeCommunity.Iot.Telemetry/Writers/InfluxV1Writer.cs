using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace SafeCommunity.Iot.Telemetry.Writers;

/// <summary>
/// The InfluxDB 1.x <c>/write</c> endpoint (database, retention policy, user name and password), for servers older
/// than 1.8 that have no v2 write API. Nanosecond precision, gzip-compressed bodies, credentials in the
/// Authorization header (never in the URL, where proxies would log them).
/// </summary>
public sealed class InfluxV1Writer : ITelemetryWriter
{
    private readonly HttpClient _http;
    private readonly Uri _writeUri;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly bool _gzip;

    /// <summary>Creates the writer; <paramref name="retentionPolicy"/> and the credentials are optional.</summary>
    public InfluxV1Writer(
        string url, string database, string? retentionPolicy, string? username, string? password, TimeSpan timeout, bool gzip)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var query = $"write?db={Uri.EscapeDataString(database)}&precision=ns" +
            (string.IsNullOrWhiteSpace(retentionPolicy) ? string.Empty : $"&rp={Uri.EscapeDataString(retentionPolicy)}");
        _writeUri = new Uri(new Uri(url.EndsWith('/') ? url : url + "/"), query);
        if (!string.IsNullOrEmpty(username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
            _authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = timeout };
        _gzip = gzip;
        Target = url;
    }

    /// <inheritdoc />
    public string Target { get; }

    /// <inheritdoc />
    public string Api => "InfluxDB 1.x /write";

    /// <inheritdoc />
    public async Task<WriteOutcome> WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri);
        request.Headers.Authorization = _authorization;
        var body = _gzip ? Compress(lines.Span) : lines.ToArray();
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        if (_gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return WriteOutcome.Written;
            }

            var reason = await response.Content.ReadAsStringAsync(cancellationToken);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return WriteOutcome.FromStatus((int)response.StatusCode, string.IsNullOrWhiteSpace(reason) ? response.ReasonPhrase : reason.Trim(), retryAfter);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException ||
                                          (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return WriteOutcome.NoAnswer(exception);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static byte[] Compress(ReadOnlySpan<byte> lines)
    {
        using var compressed = new MemoryStream(lines.Length / 4 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines);
        }

        return compressed.ToArray();
    }
}
