namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>Lets one rejected-message warning through per interval and counts the rest, so a flood of garbage cannot flood the log.</summary>
internal sealed class RejectionLogLimiter
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private long _nextAllowed;
    private long _suppressed;

    public RejectionLogLimiter(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _intervalTicks = interval.Ticks;
        _nextAllowed = long.MinValue;
    }

    /// <summary>True when this one may be logged; <paramref name="suppressed"/> is how many were not since the last.</summary>
    public bool TryAcquire(out long suppressed)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextAllowed);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + _intervalTicks, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
