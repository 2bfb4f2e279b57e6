using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// What the police rooms' boards do while alarms come in: locate calls with a 10-minute trail through the gRPC API,
/// at a steady rate, round robin over the fleet. Every locate is audited by the gateway, so this is also the load the
/// audit log puts on the store beside the pipeline's committer.
/// </summary>
internal sealed class LocatePolls : IDisposable
{
    private static readonly Duration Trail = Duration.FromTimeSpan(TimeSpan.FromMinutes(10));
    private readonly GrpcChannel _channel;
    private readonly Devices.DevicesClient _client;
    private readonly Metadata _headers;
    private readonly IReadOnlyList<uint> _devices;
    private readonly List<double> _milliseconds = [];
    private readonly List<Task> _calls = [];
    private long _failed;
    private string? _lastError;

    public LocatePolls(Uri grpcUrl, string token, IReadOnlyList<uint> devices)
    {
        _channel = GrpcChannel.ForAddress(grpcUrl);
        _client = new Devices.DevicesClient(_channel);
        _headers = new Metadata { { "authorization", "Bearer " + token } };
        _devices = devices;
    }

    /// <summary>Calls locate <paramref name="perSecond"/> times a second for <paramref name="duration"/>, then waits for the answers.</summary>
    public async Task RunAsync(double perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var next = 0;
        await Pacer.RunAsync(perSecond, duration, () =>
        {
            var call = LocateAsync(_devices[next++ % _devices.Count], cancellationToken);
            lock (_calls)
            {
                _calls.Add(call);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);

        Task[] calls;
        lock (_calls)
        {
            calls = [.. _calls];
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
    }

    /// <summary>One line for the report's notes.</summary>
    public string Describe(double perSecond)
    {
        LatencySummary summary;
        lock (_milliseconds)
        {
            summary = LatencySummary.Of(_milliseconds);
        }

        var failed = Interlocked.Read(ref _failed);
        return string.Create(CultureInfo.InvariantCulture,
            $"boards polled locate (10 min trail, audited) {perSecond:N0} times/s while sending: {summary.Count:N0} answered in p50 {summary.P50:F1} ms, p99 {summary.P99:F1} ms, max {summary.Max:F1} ms; {failed:N0} failed{(_lastError is null ? string.Empty : " (last: " + _lastError + ")")}");
    }

    public void Dispose() => _channel.Dispose();

    private async Task LocateAsync(uint device, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _client.LocateAsync(new LocateRequest { DeviceId = device, Trail = Trail }, _headers, cancellationToken: cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (_milliseconds)
            {
                _milliseconds.Add(elapsed);
            }
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            _lastError = exception.Status.StatusCode + " " + exception.Status.Detail;
        }
    }
}
