using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Diagnostics;

/// <summary>
/// Lets one log line through per receiver and outcome per interval and counts the rest, so a flood of forged
/// frames costs a counter increment, not a log line each. Bounded in memory like <see cref="ReceiverStatistics"/>.
/// </summary>
internal sealed class RejectionLogLimiter
{
    private const int MaxKeys = 4096;

    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly Dictionary<(string Receiver, UplinkOutcome Outcome), Slot> _slots = [];
    private readonly Lock _lock = new();

    public RejectionLogLimiter(TimeProvider clock, TimeSpan interval)
    {
        _clock = clock;
        _interval = interval;
    }

    /// <summary>Whether to log now; if so, <paramref name="suppressed"/> is how many were not logged since the last time.</summary>
    public bool ShouldLog(string receiverId, UplinkOutcome outcome, out long suppressed)
    {
        var now = _clock.GetTimestamp();
        lock (_lock)
        {
            var key = (_slots.Count < MaxKeys || _slots.ContainsKey((receiverId, outcome)) ? receiverId : ReceiverStatistics.OverflowReceiverId, outcome);
            if (_slots.TryGetValue(key, out var slot) && _clock.GetElapsedTime(slot.LoggedAt, now) < _interval)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = slot?.Suppressed ?? 0;
            _slots[key] = new Slot { LoggedAt = now };
            return true;
        }
    }

    private sealed class Slot
    {
        public long LoggedAt { get; init; }

        public long Suppressed { get; set; }
    }
}
