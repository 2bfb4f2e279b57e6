namespace SafeCommunity.Iot.Core.Diagnostics;

/// <summary>
/// Lets one log line of a recurring kind through per interval and counts the ones held back, so a flood (line noise,
/// forged frames, garbage messages) costs a counter increment instead of a log line each. Safe from any thread.
/// </summary>
public sealed class LogRateLimiter
{
    private readonly TimeProvider _clock;
    private readonly long _interval;
    private long _nextAllowed = long.MinValue;
    private long _suppressed;

    /// <summary>Creates a limiter that lets one line through per <paramref name="interval"/> of <paramref name="clock"/>.</summary>
    public LogRateLimiter(TimeProvider clock, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;

        // In the clock's monotonic timestamps: a wall-clock step must not silence a log for hours.
        _interval = (long)(interval.TotalSeconds * clock.TimestampFrequency);
    }

    /// <summary>True when this one may be logged; <paramref name="suppressed"/> is how many were held back since the last.</summary>
    public bool TryAcquire(out long suppressed)
    {
        var now = _clock.GetTimestamp();
        var next = Interlocked.Read(ref _nextAllowed);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + _interval, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
