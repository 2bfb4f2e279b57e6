namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// Exponential backoff with jitter for reopening a port: <c>initial · 2^failures</c>, at most <c>maximum</c>,
/// each delay spread by ±20 % so that receivers on one hub do not retry in lock-step.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private readonly Func<double> _random;

    /// <summary>Creates a backoff; <paramref name="random"/> returns values in [0, 1) (default <see cref="Random.Shared"/>).</summary>
    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum, Func<double>? random = null)
    {
        if (initial <= TimeSpan.Zero || maximum < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), "The initial delay must be positive and not above the maximum.");
        }

        _initial = initial;
        _maximum = maximum;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The default for serial ports: 200 ms, doubling to at most 5 s.</summary>
    public static ReconnectBackoff Default() => new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>The delay before the next attempt after <paramref name="failures"/> failures in a row (0 for the first).</summary>
    public TimeSpan Delay(int failures)
    {
        var exponential = _initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures, 0, 20));
        var capped = Math.Min(exponential, _maximum.TotalMilliseconds);
        var jittered = capped * (0.8 + (0.4 * _random()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _maximum.TotalMilliseconds));
    }
}
