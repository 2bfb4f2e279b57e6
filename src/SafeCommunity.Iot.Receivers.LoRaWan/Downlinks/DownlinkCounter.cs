using System.Collections.Concurrent;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;

/// <summary>
/// The downlink counter of PROTOCOL.md §1.3 without any storage: the number of whole seconds since
/// 2025-01-01T00:00:00Z. It grows by itself, so it keeps increasing across gateway restarts. Two downlinks to one
/// device in the same second would share a counter, so the second waits for the next second (at most one second).
/// <para>
/// What it relies on: a clock that does not jump back (NTP slews; a clock set back makes devices reject downlinks
/// until it has caught up) and a restart that takes longer than a second. It runs out in 2161.
/// </para>
/// </summary>
internal sealed class DownlinkCounter
{
    /// <summary>Second 0 of the counter.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int PruneAbove = 4096;

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<uint, uint> _lastIssued = new();

    public DownlinkCounter(TimeProvider time) => _time = time;

    /// <summary>The counter for the current second, if the clock is past <see cref="Epoch"/>.</summary>
    public bool TryGetCurrent(out uint counter)
    {
        var seconds = (_time.GetUtcNow() - Epoch).Ticks / TimeSpan.TicksPerSecond;
        counter = seconds is >= 1 and <= uint.MaxValue ? (uint)seconds : 0;
        return counter != 0;
    }

    /// <summary>
    /// A counter for <paramref name="deviceId"/> greater than any issued to it by this process, waiting for the
    /// next second when this second's is taken.
    /// </summary>
    /// <exception cref="InvalidOperationException">The clock is before 2025.</exception>
    public async ValueTask<uint> NextAsync(uint deviceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!TryGetCurrent(out var now))
            {
                throw new InvalidOperationException($"the gateway's clock ({_time.GetUtcNow():o}) is before {Epoch:yyyy-MM-dd}: downlink counters need the real time");
            }

            var last = _lastIssued.GetOrAdd(deviceId, 0);
            if (now > last)
            {
                if (_lastIssued.TryUpdate(deviceId, now, last))
                {
                    PruneIfLarge(now);
                    return now;
                }

                continue;
            }

            // This second (or a later one, after a clock step back) is taken: wait until the one after it begins.
            var next = Epoch + TimeSpan.FromSeconds((double)last + 1);
            var wait = next - _time.GetUtcNow();
            if (wait > MaxWait)
            {
                throw new InvalidOperationException($"the gateway's clock went back: a downlink counter up to {last} was already issued to device {deviceId}");
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken);
        }
    }

    private void PruneIfLarge(uint now)
    {
        // Only the current second matters for the next downlink: older entries can go.
        if (_lastIssued.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (device, counter) in _lastIssued)
        {
            if (counter < now)
            {
                _lastIssued.TryRemove(new KeyValuePair<uint, uint>(device, counter));
            }
        }
    }
}
