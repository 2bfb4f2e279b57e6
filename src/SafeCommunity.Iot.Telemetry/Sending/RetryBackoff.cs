namespace SafeCommunity.Iot.Telemetry.Sending;

/// <summary>
/// Delays between retries of a failed write: after n failures in a row, a random delay between the minimum and
/// min(maximum, minimum × 2ⁿ) ("full jitter"), so gateways that lost the same server do not all come back at once.
/// </summary>
internal sealed class RetryBackoff
{
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;
    private readonly Func<double> _random;
    private int _failures;

    public RetryBackoff(TimeSpan minimum, TimeSpan maximum, Func<double> random)
    {
        _minimum = minimum;
        _maximum = maximum > minimum ? maximum : minimum;
        _random = random;
    }

    /// <summary>Failures since the last success.</summary>
    public int Failures => _failures;

    /// <summary>Counts a failure and returns how long to wait before the next try.</summary>
    public TimeSpan NextDelay()
    {
        var doublings = Math.Min(_failures, 20);
        _failures++;
        var ceiling = Math.Min(_maximum.Ticks, _minimum.Ticks * (double)(1L << doublings));
        var spread = Math.Max(0, ceiling - _minimum.Ticks);
        return TimeSpan.FromTicks(_minimum.Ticks + (long)(spread * _random()));
    }

    /// <summary>A write succeeded.</summary>
    public void Reset() => _failures = 0;
}
