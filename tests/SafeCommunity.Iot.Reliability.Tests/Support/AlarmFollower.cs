using Grpc.Core;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// A police room's alarm stream that lives through gateway crashes: whenever its stream breaks it connects again to
/// whichever gateway runs (or, in a cluster, to the next one), with <c>after_sequence</c> set to the last event or
/// heartbeat it received (docs/api.md, "The alarm stream"). It keeps every event it was given, duplicates included,
/// so a test can see there are none.
/// </summary>
internal sealed class AlarmFollower
{
    private readonly Func<(Contracts.V1.Alarms.AlarmsClient Client, Metadata Headers, string Name)> _connect;
    private readonly List<AlarmEvent> _events = [];
    private readonly List<string> _sources = [];
    private long _resumeAfter;

    public AlarmFollower(GatewayRig gateway)
        : this(() => (gateway.Alarms, gateway.Headers, "gateway"))
    {
    }

    /// <param name="connect">The gateway to stream from next: asked at the start and after every break.</param>
    public AlarmFollower(Func<(Contracts.V1.Alarms.AlarmsClient Client, Metadata Headers, string Name)> connect) => _connect = connect;

    /// <summary>The gateways it received from, in order, each named once per stream that delivered something.</summary>
    public IReadOnlyList<string> Sources
    {
        get
        {
            lock (_events)
            {
                return [.. _sources];
            }
        }
    }

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
                var (client, headers, name) = _connect();
                using var call = client.Watch(request, headers, cancellationToken: stop);
                var named = false;
                await foreach (var response in call.ResponseStream.ReadAllAsync(stop))
                {
                    if (!named)
                    {
                        lock (_events)
                        {
                            _sources.Add(name);
                        }

                        named = true;
                    }

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
