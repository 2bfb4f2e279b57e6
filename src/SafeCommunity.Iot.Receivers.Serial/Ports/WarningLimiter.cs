namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// Lets a recurring warning through at most once per interval and counts what it held back, so line noise cannot
/// flood the log. Not thread-safe (one per reader).
/// </summary>
internal sealed class WarningLimiter
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private DateTimeOffset _lastAt = DateTimeOffset.MinValue;
    private long _suppressed;

    /// <summary>Creates a limiter.</summary>
    public WarningLimiter(TimeProvider clock, TimeSpan interval)
    {
        _clock = clock;
        _interval = interval;
    }

    /// <summary>Whether to log now; if so, <paramref name="suppressed"/> says how many were held back since the last one.</summary>
    public bool ShouldLog(out long suppressed)
    {
        var now = _clock.GetUtcNow();
        if (now - _lastAt >= _interval)
        {
            suppressed = _suppressed;
            _suppressed = 0;
            _lastAt = now;
            return true;
        }

        _suppressed++;
        suppressed = 0;
        return false;
    }
}
