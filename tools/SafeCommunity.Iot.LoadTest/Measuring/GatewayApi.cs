using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// The gateway's gRPC API as an administrator: the alarm stream (every event stamped the moment it arrives) and the
/// receivers' link states. The stream resumes after its last sequence when the gateway cuts it off.
/// </summary>
internal sealed class GatewayApi : IAlarmSource
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers;

    /// <summary>Connects to <paramref name="grpcUrl"/> with <paramref name="token"/>.</summary>
    public GatewayApi(Uri grpcUrl, string token)
    {
        _channel = GrpcChannel.ForAddress(grpcUrl);
        _headers = new Metadata { { "authorization", "Bearer " + token } };
    }

    /// <summary>Times the stream was cut off and resumed.</summary>
    public int Resumes { get; private set; }

    /// <summary>Reads the token from <paramref name="file"/>, waiting up to 10 s for the gateway to write it.</summary>
    /// <exception cref="InvalidOperationException">No token appeared.</exception>
    public static async Task<string> ReadTokenAsync(string file, CancellationToken cancellationToken)
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            if (File.Exists(file) && (await File.ReadAllTextAsync(file, cancellationToken)).Trim() is { Length: > 0 } token)
            {
                return token;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new InvalidOperationException($"no administrator token in {file}");
    }

    /// <summary>
    /// Watches every alarm event until <paramref name="cancellationToken"/>; <paramref name="live"/> completes with
    /// the first heartbeat (the stream is attached to the live feed). Events go to <paramref name="sink"/>.
    /// </summary>
    public async Task WatchAsync(IAlarmSink sink, TaskCompletionSource live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(live);
        var client = new Alarms.AlarmsClient(_channel);
        long? after = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = new WatchAlarmsRequest();
            if (after is { } sequence)
            {
                request.AfterSequence = sequence;
            }

            try
            {
                using var call = client.Watch(request, _headers, cancellationToken: cancellationToken);
                await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    var receivedAt = Stopwatch.GetTimestamp();
                    if (item.ItemCase == WatchAlarmsResponse.ItemOneofCase.Event)
                    {
                        sink.EventReceived(item.Event, receivedAt);
                        after = item.Event.Sequence;
                    }
                    else
                    {
                        after = item.Heartbeat.Sequence;
                        live.TrySetResult();
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable && after is not null)
            {
                Resumes++;
            }
            catch (RpcException ex)
            {
                live.TrySetException(new InvalidOperationException($"the alarm stream failed: {ex.Status.StatusCode} {ex.Status.Detail}", ex));
                throw;
            }
        }
    }

    /// <summary>
    /// Waits until the serial receivers <paramref name="serialIds"/> are connected. (The MQTT connection is not on
    /// the receivers list: <see cref="Traffic.SubscriberProbe"/> checks it.)
    /// </summary>
    /// <exception cref="InvalidOperationException">Not all connected within <paramref name="timeout"/>.</exception>
    public async Task WaitForLinksAsync(IReadOnlyCollection<string> serialIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new Receivers.ReceiversClient(_channel);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var detail = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                var answer = await client.ListAsync(new ListReceiversRequest(), _headers, cancellationToken: cancellationToken);
                var links = answer.Receivers.Where(r => serialIds.Contains(r.Id)).ToList();
                var waiting = links.Where(r => r.Link != ReceiverLinkState.Connected).Select(r => $"{r.Id} {r.Link}").ToList();
                if (links.Count == serialIds.Count && waiting.Count == 0)
                {
                    return;
                }

                detail = waiting.Count > 0 ? string.Join(", ", waiting) : $"{links.Count} of {serialIds.Count} serial receivers listed";
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                detail = ex.Status.Detail;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"the gateway's receivers did not connect within {timeout.TotalSeconds:F0} s: {detail}");
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
