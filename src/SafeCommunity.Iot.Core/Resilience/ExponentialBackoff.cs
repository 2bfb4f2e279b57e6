namespace SafeCommunity.Iot.Core.Resilience;

/// <summary>
/// The wait before the next attempt after failures in a row, for every retry in the gateway and its tools (reopening
/// a serial port, reconnecting to a broker, resending telemetry, resuming an alarm stream): <c>first · 2ⁿ</c> after
/// <c>n</c> failures, at most <c>longest</c>, each wait spread by ±20 % and never above <c>longest</c>, so receivers,
/// gateways or police rooms that lost the same server do not all come back in the same instant.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly Func<double> _random;
    private int _failures;

    /// <summary>Creates a backoff; <paramref name="random"/> returns values in [0, 1) (default <see cref="Random.Shared"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The first wait is not positive, or above the longest.</exception>
    public ExponentialBackoff(TimeSpan first, TimeSpan longest, Func<double>? random = null)
    {
        if (first <= TimeSpan.Zero || longest < first)
        {
            throw new ArgumentOutOfRangeException(nameof(first), "The first wait must be positive and not above the longest.");
        }

        First = first;
        Longest = longest;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The wait after the first failure, before the spread.</summary>
    public TimeSpan First { get; }

    /// <summary>The longest wait.</summary>
    public TimeSpan Longest { get; }

    /// <summary>Failures since the last <see cref="Reset"/>.</summary>
    public int Failures => _failures;

    /// <summary>The wait after <paramref name="failures"/> failures in a row before this one (0: the first) with <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan Delay(TimeSpan first, TimeSpan longest, int failures, double jitter)
    {
        var nominal = Math.Min(longest.Ticks, first.Ticks * Math.Pow(2, Math.Clamp(failures, 0, 30)));
        var spread = nominal * (0.8 + (0.4 * Math.Clamp(jitter, 0, 1)));
        return TimeSpan.FromTicks((long)Math.Min(spread, longest.Ticks));
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row, for a caller that counts them itself (one policy, many ports).</summary>
    public TimeSpan Delay(int failures) => Delay(First, Longest, failures, _random());

    /// <summary>Counts one more failure and returns the wait before the next attempt.</summary>
    public TimeSpan Next() => Delay(First, Longest, _failures++, _random());

    /// <summary>An attempt worked: the next failure waits the first wait again.</summary>
    public void Reset() => _failures = 0;
}
