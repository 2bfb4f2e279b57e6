using SafeCommunity.Iot.Core.Diagnostics;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Diagnostics;

/// <summary>
/// A <see cref="LogRateLimiter"/> per receiver and outcome, so a flood of forged frames at one receiver costs a
/// counter increment, not a log line each, and does not hide another receiver's first rejection. Bounded in memory
/// like <see cref="ReceiverStatistics"/>.
/// </summary>
internal sealed class RejectionLogLimiter
{
    private const int MaxKeys = 4096;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly Dictionary<(string Receiver, UplinkOutcome Outcome), LogRateLimiter> _limiters = [];
    private readonly Lock _lock = new();

    public RejectionLogLimiter(TimeProvider clock, TimeSpan interval)
    {
        _clock = clock;
        _interval = interval;
    }

    /// <summary>Whether to log now; if so, <paramref name="suppressed"/> is how many were not logged since the last time.</summary>
    public bool ShouldLog(string receiverId, UplinkOutcome outcome, out long suppressed)
    {
        LogRateLimiter limiter;
        lock (_lock)
        {
            var key = (_limiters.Count < MaxKeys || _limiters.ContainsKey((receiverId, outcome)) ? receiverId : ReceiverStatistics.OverflowReceiverId, outcome);
            if (!_limiters.TryGetValue(key, out limiter!))
            {
                _limiters[key] = limiter = new LogRateLimiter(_clock, _interval);
            }
        }

        return limiter.TryAcquire(out suppressed);
    }
}
