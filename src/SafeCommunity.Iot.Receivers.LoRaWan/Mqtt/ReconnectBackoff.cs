namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// Exponential backoff with jitter: the n-th consecutive failure waits between half and all of
/// min(max, min × 2ⁿ), so many gateways that lost the same broker do not all come back in the same second.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;
    private int _failures;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, Func<double>? random = null)
    {
        _min = min;
        _max = max < min ? min : max;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The wait before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ceiling = Math.Min(_max.Ticks, _min.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (0.5 * _random()))));
    }

    /// <summary>Starts over after a connection that worked.</summary>
    public void Reset() => _failures = 0;
}
