using Grpc.Core;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Diagnostics;
using SafeCommunity.Iot.Api.Hosting;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Core.Alarms;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Alarms;

/// <summary>
/// One subscriber's side of an alarm stream: writes events and heartbeats one at a time (gRPC allows one pending
/// write per stream) and keeps <see cref="Position"/>, the sequence up to which every matching event was written.
/// </summary>
internal sealed class AlarmStreamWriter
{
    private readonly IServerStreamWriter<V1.WatchAlarmsResponse> _stream;
    private readonly ApiOptions _options;
    private readonly TimeProvider _time;
    private readonly Caller _caller;
    private readonly ILogger _logger;
    private readonly CancellationToken _cancellationToken;

    public AlarmStreamWriter(
        IServerStreamWriter<V1.WatchAlarmsResponse> stream, ApiOptions options, TimeProvider time, Caller caller, ILogger logger, CancellationToken cancellationToken)
    {
        _stream = stream;
        _options = options;
        _time = time;
        _caller = caller;
        _logger = logger;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Every matching event up to this sequence has been written.</summary>
    public long Position { get; set; }

    public Task EventAsync(AlarmEvent alarmEvent) =>
        _stream.WriteAsync(new V1.WatchAlarmsResponse { Event = alarmEvent.ToProto() }, _cancellationToken);

    public Task HeartbeatAsync(long sequence) =>
        _stream.WriteAsync(
            new V1.WatchAlarmsResponse { Heartbeat = new V1.Heartbeat { Sequence = sequence, At = _time.GetUtcNow().ToProto() } },
            _cancellationToken);

    /// <summary>
    /// Live events after <paramref name="position"/>, with a heartbeat whenever the stream is idle for the heartbeat
    /// interval, until the client leaves, the gateway stops or the hub cuts the subscriber off.
    /// </summary>
    public async Task StreamLiveAsync(AlarmSubscription subscription, AlarmFilter filter, long position)
    {
        Position = position;
        var events = subscription.Events;
        while (true)
        {
            if (subscription.CutOffToken.IsCancellationRequested)
            {
                // Stop at what was written, not at what is still buffered: the resume point is exact.
                ApiLog.SubscriberCutOff(_logger, _caller.Name, Position, _options.SubscriberBufferCapacity);
                throw ApiErrors.StreamEnded(
                    StatusCode.ResourceExhausted,
                    "This subscriber fell too far behind and was cut off; resume after the sequence in the trailer.",
                    Position);
            }

            if (events.TryRead(out var alarmEvent))
            {
                if (alarmEvent.Sequence <= Position)
                {
                    continue;
                }

                if (filter.Matches(alarmEvent.Alarm))
                {
                    await WriteGuardedAsync(alarmEvent, subscription.CutOffToken);
                }

                Position = alarmEvent.Sequence;
                continue;
            }

            if (!await WaitForEventAsync(events, subscription.CutOffToken))
            {
                await HeartbeatAsync(Position);
            }
        }
    }

    /// <summary>Waits for an event; false when the heartbeat interval passed first.</summary>
    private async Task<bool> WaitForEventAsync(System.Threading.Channels.ChannelReader<AlarmEvent> events, CancellationToken cutOff)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cutOff);
        wait.CancelAfter(_options.HeartbeatInterval);
        try
        {
            if (!await events.WaitToReadAsync(wait.Token))
            {
                // Completed without an error: the gateway is stopping (the hub ended every subscription).
                throw new OperationCanceledException(_cancellationToken);
            }

            return true;
        }
        catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
        {
            // The interval passed, or the subscriber was cut off (the loop checks that next).
            return cutOff.IsCancellationRequested;
        }
        catch (SubscriberTooSlowException)
        {
            return true;
        }
    }

    /// <summary>
    /// Writes an event; once the subscriber has been cut off, a write its client does not take within the grace
    /// period aborts the stream, so a client that stopped reading does not hold the server's resources for ever.
    /// </summary>
    private async Task WriteGuardedAsync(AlarmEvent alarmEvent, CancellationToken cutOff)
    {
        using var abort = new CancellationTokenSource();
        using var afterCutOff = cutOff.Register(() => abort.CancelAfter(_options.SlowSubscriberGrace));
        using var write = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, abort.Token);
        try
        {
            await _stream.WriteAsync(new V1.WatchAlarmsResponse { Event = alarmEvent.ToProto() }, write.Token);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !_cancellationToken.IsCancellationRequested)
        {
            ApiLog.SubscriberAborted(_logger, _caller.Name, _options.SlowSubscriberGrace);
            throw new RpcException(new Status(StatusCode.Aborted, "The client stopped reading its alarm stream."));
        }
    }
}
