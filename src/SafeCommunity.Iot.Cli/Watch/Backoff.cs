namespace SafeCommunity.Iot.Cli.Watch;

/// <summary>
/// The wait before reconnection attempt <c>n</c> (0-based): 0.5 s doubling up to 10 s, each spread by ±20 % so
/// that the police rooms of a county do not all reconnect in the same instant after a gateway restart.
/// </summary>
internal static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(0.5);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    /// <summary>The wait before attempt <paramref name="attempt"/>; <paramref name="jitter"/> is in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, double jitter)
    {
        var nominal = First.TotalSeconds * Math.Pow(2, Math.Clamp(attempt, 0, 16));
        nominal = Math.Min(nominal, Longest.TotalSeconds);
        var spread = 0.8 + (0.4 * Math.Clamp(jitter, 0, 1));
        return TimeSpan.FromSeconds(nominal * spread);
    }
}
