using System.Diagnostics;
using System.Globalization;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Probe;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// Publishes an <see cref="UplinkPlan"/> at a steady rate over several MQTT connections (the simulator's
/// <see cref="ChirpStackMqttTransport"/>, QoS 1), round robin, so no single connection's acknowledgement round trip
/// bounds the rate. SOS frames go over a connection of their own, so their send time (kept by the
/// <see cref="AlarmMatcher"/>) is when they leave, not when they join a queue behind routine frames. When the broker
/// holds the publishers back and their queues fill up, the pace waits (counted in <see cref="HeldBack"/>) instead of
/// dropping frames: the gateway slows the sender down, as it does a network server.
/// </summary>
internal sealed class MqttLoad : IAsyncDisposable
{
    private readonly ChirpStackMqttTransport[] _transports;
    private readonly ChirpStackMqttTransport _alarmTransport;
    private readonly ChirpStackMqttTransport[] _routineTransports;
    private readonly UplinkPlan _plan;
    private readonly AlarmMatcher _alarms;
    private readonly AlarmProbe? _probe;
    private readonly CancellationTokenSource _stopping = new();
    private long _handed;
    private long _starved;
    private long _heldBackTicks;
    private int _maxWaiting;

    /// <summary>
    /// Opens <paramref name="connections"/> publishers to the broker at <paramref name="host"/>:<paramref name="port"/>;
    /// SOS frames go to <paramref name="probe"/> when there is one, else over a connection of their own here.
    /// </summary>
    public MqttLoad(string host, int port, int connections, double rate, UplinkPlan plan, AlarmMatcher alarms, AlarmProbe? probe = null)
    {
        _plan = plan;
        _alarms = alarms;
        _probe = probe;

        // Five seconds of traffic may wait per connection before a message is refused (counted, never blocking the pace).
        var capacity = (int)Math.Max(10_000, rate * 5 / connections);
        _transports = [.. Enumerable.Range(0, connections + 1).Select(i => new ChirpStackMqttTransport(
            host, port, string.Create(CultureInfo.InvariantCulture, $"safecomm-loadtest-{Environment.ProcessId}-{i}"), capacity))];
        _alarmTransport = _transports[^1];
        _routineTransports = _transports[..^1];
    }

    /// <summary>Messages handed to the publishers.</summary>
    public long Handed => Interlocked.Read(ref _handed);

    /// <summary>Messages the broker acknowledged (and SOS frames the probe's publisher took, when there is a probe).</summary>
    public long Published => _transports.Sum(t => t.Published) + (_probe?.Sent ?? 0);

    /// <summary>Messages refused by the broker or dropped because a publisher's queue was full.</summary>
    public long Failed => _transports.Sum(t => t.Refused + t.Dropped);

    /// <summary>Messages the broker acknowledged with "no subscribers" (the gateway was not subscribed: lost).</summary>
    public long NoSubscribers => _transports.Sum(t => t.NoSubscribers);

    /// <summary>The most routine frames seen waiting in the publishers' queues (sampled every 1,000 frames).</summary>
    public int MaxWaiting => Volatile.Read(ref _maxWaiting);

    /// <summary>How long the pace waited for room in a publisher's queue: how much the gateway slowed the sender down.</summary>
    public TimeSpan HeldBack => TimeSpan.FromTicks(Interlocked.Read(ref _heldBackTicks));

    /// <summary>Times the pace found no frame built yet.</summary>
    public long Starved => Interlocked.Read(ref _starved);

    /// <summary>The last publishing error, if any.</summary>
    public string? LastError => _transports.Select(t => t.LastError).FirstOrDefault(e => e is not null);

    /// <summary>Connects every publisher; waits until all are connected.</summary>
    /// <exception cref="InvalidOperationException">Not all connected within 15 s.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        foreach (var transport in _transports)
        {
            transport.Start();
        }

        for (var waited = 0; _transports.Any(t => !t.IsConnected); waited += 20)
        {
            if (waited > 15_000)
            {
                throw new InvalidOperationException($"the MQTT publishers did not connect: {LastError}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Publishes at <paramref name="rate"/> for <paramref name="duration"/>; returns how many were handed over.</summary>
    public Task<long> RunAsync(double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        _plan.MarkRunning();
        return Pacer.RunAsync(rate, duration, SendOne, cancellationToken);
    }

    /// <summary>Waits until every publisher has sent what it was handed, at most <paramref name="timeout"/>.</summary>
    public Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Publishers.AllDrainedAsync(_transports.Select(t => t.DrainAsync(timeout, cancellationToken)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Publishers.DisposeAllAsync(_transports);
        _stopping.Dispose();
    }

    private bool SendOne()
    {
        PlannedUplink? uplink;
        while (!_plan.TryTake(out uplink))
        {
            if (_plan.Done)
            {
                return false;
            }

            // The builder is behind (a plan larger than the prebuilt part): wait for it rather than skip a frame.
            Interlocked.Increment(ref _starved);
            Thread.Yield();
        }

        var handed = Interlocked.Increment(ref _handed);
        if (uplink.RaisesAlarm && _probe is { } probe)
        {
            probe.Send(uplink.AlarmDeviceId, uplink.Message);
            return true;
        }

        if (uplink.RaisesAlarm)
        {
            var sentAt = Stopwatch.GetTimestamp();
            if (_alarmTransport.Enqueue(uplink.Message))
            {
                _alarms.FrameSent(uplink.AlarmDeviceId, sentAt);
            }

            return true;
        }

        try
        {
            var waited = _routineTransports[(int)(handed % _routineTransports.Length)].EnqueueWaiting(uplink.Message, _stopping.Token);
            Interlocked.Add(ref _heldBackTicks, waited.Ticks);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        if (handed % 1000 == 0)
        {
            Volatile.Write(ref _maxWaiting, Math.Max(_maxWaiting, _routineTransports.Sum(t => t.Waiting)));
        }

        return true;
    }
}
