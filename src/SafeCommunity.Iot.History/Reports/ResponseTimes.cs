namespace SafeCommunity.Iot.History.Reports;

/// <summary>
/// How long people took to answer alarms: the median and the 90th percentile of the durations, by the nearest-rank
/// method (each is a duration that really occurred, never an interpolation between two alarms).
/// </summary>
/// <param name="Answered">How many alarms were answered.</param>
/// <param name="Median">Half were answered at least this fast; null when none was.</param>
/// <param name="P90">Nine in ten were answered at least this fast; null when none was.</param>
/// <param name="Longest">The slowest answer; null when none was.</param>
public sealed record ResponseTimes(int Answered, TimeSpan? Median, TimeSpan? P90, TimeSpan? Longest)
{
    /// <summary>The statistics of <paramref name="durations"/> (in any order).</summary>
    public static ResponseTimes Of(IReadOnlyCollection<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        if (durations.Count == 0)
        {
            return new ResponseTimes(0, null, null, null);
        }

        var sorted = durations.Order().ToArray();
        return new ResponseTimes(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 90), sorted[^1]);
    }

    private static TimeSpan NearestRank(TimeSpan[] sorted, int percentile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}

/// <summary>One bar of the time-to-acknowledge distribution: answers at least <paramref name="AtLeast"/> and less than <paramref name="Under"/>.</summary>
/// <param name="AtLeast">The bar's lower bound.</param>
/// <param name="Under">The bar's upper bound; null for the last, open-ended bar.</param>
/// <param name="Alarms">How many answers fall in it.</param>
public sealed record ResponseBucket(TimeSpan AtLeast, TimeSpan? Under, int Alarms)
{
    /// <summary>
    /// The bars' bounds: a police room aims to answer within a minute or two, so the short end is fine-grained and
    /// everything past an hour is one bar.
    /// </summary>
    public static IReadOnlyList<TimeSpan> Bounds { get; } =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
    ];

    /// <summary>Every bar, in order, with how many of <paramref name="durations"/> fall in it.</summary>
    public static IReadOnlyList<ResponseBucket> Distribution(IReadOnlyCollection<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var counts = new int[Bounds.Count];
        foreach (var duration in durations)
        {
            var bar = Bounds.Count - 1;
            while (bar > 0 && duration < Bounds[bar])
            {
                bar--;
            }

            counts[bar]++;
        }

        return [.. counts.Select((count, bar) => new ResponseBucket(Bounds[bar], bar + 1 < Bounds.Count ? Bounds[bar + 1] : null, count))];
    }
}
