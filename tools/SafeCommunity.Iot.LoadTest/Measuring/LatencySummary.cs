namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>Percentiles of a set of latencies (nearest rank: the smallest value with at least p % of values at or below it).</summary>
/// <param name="Count">How many values.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest.</param>
/// <param name="Mean">Average.</param>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>The summary of <paramref name="values"/> (all zero when there are none).</summary>
    public static LatencySummary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        return new LatencySummary(
            sorted.Length, Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1], sorted.Average());
    }

    /// <summary>The nearest-rank <paramref name="percent"/> percentile of ascending <paramref name="sorted"/>.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
