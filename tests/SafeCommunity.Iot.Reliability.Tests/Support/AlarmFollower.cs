using Grpc.Core;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// A police room's alarm stream that lives through gateway crashes: whenever its stream breaks it connects again to
/// whichever gateway runs, with <c>after_sequence</c> set to the last event or heartbeat it received (docs/api.md,
/// "The alarm stream"). It keeps every event it was given, duplicates included, so a test can see there are none.
/// </summary>
internal sealed class AlarmFollower
{
    private readonly GatewayRig _gateway;
    private readonly List<AlarmEvent> _events = [];
    private long _resumeAfter;

    public AlarmFollower(GatewayRig gateway) => _gateway = gateway;

    /// <summary>Every event received, in the order received.</summary>
    public IReadOnlyList<AlarmEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The sequence it would resume after.</summary>
    public long ResumeAfter => Interlocked.Read(ref _resumeAfter);

    /// <summary>How many times a stream broke and was opened again.</summary>
    public int Resumes { get; private set; }

    /// <summary>Follows the stream from its start until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var request = new WatchAlarmsRequest { AfterSequence = ResumeAfter };
                using var call = _gateway.Alarms.Watch(request, _gateway.Headers, cancellationToken: stop);
                await foreach (var response in call.ResponseStream.ReadAllAsync(stop))
                {
                    if (response.Event is { } alarmEvent)
                    {
                        lock (_events)
                        {
                            _events.Add(alarmEvent);
                        }

                        Interlocked.Exchange(ref _resumeAfter, alarmEvent.Sequence);
                    }
                    else if (response.Heartbeat is { } heartbeat)
                    {
                        Interlocked.Exchange(ref _resumeAfter, heartbeat.Sequence);
                    }
                }
            }
            catch (Exception exception) when (!stop.IsCancellationRequested && exception is RpcException or InvalidOperationException or IOException)
            {
                // The gateway died under the stream, or is not up yet: try again shortly.
            }
            catch (Exception exception) when (stop.IsCancellationRequested && exception is RpcException or OperationCanceledException)
            {
                return;
            }

            Resumes++;
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
