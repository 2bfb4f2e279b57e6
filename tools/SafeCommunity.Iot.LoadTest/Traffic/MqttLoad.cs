using System.Diagnostics;
using System.Globalization;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// Publishes an <see cref="UplinkPlan"/> at a steady rate over several MQTT connections (the simulator's
/// <see cref="ChirpStackMqttTransport"/>, QoS 1), round robin, so no single connection's acknowledgement round trip
/// bounds the rate. The send time of each SOS frame goes to the <see cref="AlarmMatcher"/>.
/// </summary>
internal sealed class MqttLoad : IAsyncDisposable
{
    private readonly ChirpStackMqttTransport[] _transports;
    private readonly UplinkPlan _plan;
    private readonly AlarmMatcher _alarms;
    private long _handed;
    private long _starved;

    /// <summary>Opens <paramref name="connections"/> publishers to the broker at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public MqttLoad(string host, int port, int connections, double rate, UplinkPlan plan, AlarmMatcher alarms)
    {
        _plan = plan;
        _alarms = alarms;

        // Five seconds of traffic may wait per connection before a message is refused (counted, never blocking the pace).
        var capacity = (int)Math.Max(10_000, rate * 5 / connections);
        _transports = [.. Enumerable.Range(0, connections).Select(i => new ChirpStackMqttTransport(
            host, port, string.Create(CultureInfo.InvariantCulture, $"safecomm-loadtest-{Environment.ProcessId}-{i}"), capacity))];
    }

    /// <summary>Messages handed to the publishers.</summary>
    public long Handed => Interlocked.Read(ref _handed);

    /// <summary>Messages the broker acknowledged.</summary>
    public long Published => _transports.Sum(t => t.Published);

    /// <summary>Messages refused by the broker or dropped because a publisher's queue was full.</summary>
    public long Failed => _transports.Sum(t => t.Refused + t.Dropped);

    /// <summary>Messages the broker acknowledged with "no subscribers" (the gateway was not subscribed: lost).</summary>
    public long NoSubscribers => _transports.Sum(t => t.NoSubscribers);

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
    public ValueTask DisposeAsync() => Publishers.DisposeAllAsync(_transports);

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

        var transport = _transports[(int)(Handed % _transports.Length)];
        var sentAt = Stopwatch.GetTimestamp();
        if (transport.Enqueue(uplink.Message) && uplink.RaisesAlarm)
        {
            _alarms.FrameSent(uplink.AlarmDeviceId, sentAt);
        }

        Interlocked.Increment(ref _handed);
        return true;
    }
}
