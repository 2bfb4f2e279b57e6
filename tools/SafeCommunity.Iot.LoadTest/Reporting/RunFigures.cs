using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Reporting;

/// <summary>Turns the samples of a run into intervals, CPU and queue figures. Pure: no clock, no I/O.</summary>
internal static class RunFigures
{
    /// <summary>
    /// The run cut into <paramref name="interval"/>-long pieces from second 0 to the last sample. Each piece's rates
    /// come from the samples nearest its ends (at or before them), so a late sample shortens no piece's rate.
    /// </summary>
    public static List<IntervalFigures> Intervals(IReadOnlyList<RunSample> samples, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var figures = new List<IntervalFigures>();
        if (samples.Count < 2)
        {
            return figures;
        }

        var step = interval.TotalSeconds;
        var last = samples[^1].AtSeconds;
        for (var from = 0.0; from < last - (step / 10); from += step)
        {
            var to = Math.Min(from + step, last);
            var start = AtOrBefore(samples, from);
            var end = AtOrBefore(samples, to);
            var seconds = end.AtSeconds - start.AtSeconds;
            if (seconds <= 0)
            {
                continue;
            }

            var inside = samples.Where(s => s.AtSeconds > from && s.AtSeconds <= to && s.Counters is not null).Select(s => s.Counters!).ToList();
            figures.Add(new IntervalFigures(
                from,
                to,
                (end.FramesSent - start.FramesSent) / seconds,
                ((end.Counters?.Accepted ?? 0) - (start.Counters?.Accepted ?? 0)) / seconds,
                end.CpuSeconds is { } c1 && start.CpuSeconds is { } c0 ? (c1 - c0) / seconds * 100 : null,
                end.RssBytes,
                inside.Count == 0 ? 0 : inside.Max(c => c.PipelineQueued),
                inside.Count == 0 ? 0 : inside.Max(c => c.TelemetryQueue)));
        }

        return figures;
    }

    /// <summary>Gateway CPU from second 0 to <paramref name="untilSeconds"/>, over <paramref name="cores"/> cores.</summary>
    public static CpuFigures Cpu(IReadOnlyList<RunSample> samples, double untilSeconds, int cores, IReadOnlyList<IntervalFigures> intervals)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(intervals);
        if (samples.Count < 2 || samples[0].CpuSeconds is null)
        {
            return new CpuFigures(null, null, null);
        }

        var start = samples[0];
        var end = AtOrBefore(samples, untilSeconds);
        var seconds = end.AtSeconds - start.AtSeconds;
        if (seconds <= 0 || end.CpuSeconds is not { } endCpu || start.CpuSeconds is not { } startCpu)
        {
            return new CpuFigures(null, null, null);
        }

        var ofCore = (endCpu - startCpu) / seconds * 100;
        var busiest = intervals.Where(i => i.CpuPercentOfCore is not null).Select(i => i.CpuPercentOfCore!.Value).DefaultIfEmpty().Max();
        return new CpuFigures(ofCore, ofCore / Math.Max(1, cores), busiest);
    }

    /// <summary>The largest queue depths in <paramref name="samples"/>.</summary>
    public static Dictionary<string, double> MaxQueues(IReadOnlyList<RunSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var counters = samples.Where(s => s.Counters is not null).Select(s => s.Counters!).ToList();
        double Max(Func<GatewayCounters, double> pick) => counters.Count == 0 ? 0 : counters.Max(pick);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["ingress"] = Max(c => c.IngressQueue),
            ["shards"] = Max(c => c.ShardQueues),
            ["commit"] = Max(c => c.CommitQueue),
            ["telemetry"] = Max(c => c.TelemetryQueue),
        };
    }

    /// <summary><paramref name="after"/> minus <paramref name="before"/> for every key of either.</summary>
    public static Dictionary<string, double> Delta(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .ToDictionary(k => k, k => after.GetValueOrDefault(k) - before.GetValueOrDefault(k), StringComparer.Ordinal);
    }

    private static RunSample AtOrBefore(IReadOnlyList<RunSample> samples, double seconds)
    {
        var found = samples[0];
        foreach (var sample in samples)
        {
            if (sample.AtSeconds > seconds + 1e-9)
            {
                break;
            }

            found = sample;
        }

        return found;
    }

    /// <summary>
    /// What the gateway's alarm latency histogram counted between two scrapes: events, those within 50 ms, and the
    /// smallest bucket bound with at least 99 % of them at or below it.
    /// </summary>
    public static (double Counted, double Within50Ms, double? P99AtMostMs) GatewayAlarmLatency(
        IReadOnlyDictionary<double, double> before, IReadOnlyDictionary<double, double> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var buckets = after.OrderBy(b => b.Key).Select(b => (Bound: b.Key, Count: b.Value - before.GetValueOrDefault(b.Key))).ToList();
        var counted = buckets.Count == 0 ? 0 : buckets[^1].Count;
        if (counted <= 0)
        {
            return (0, 0, null);
        }

        var within50 = buckets.Where(b => b.Bound <= 50).Select(b => b.Count).DefaultIfEmpty().Max();
        var p99 = buckets.First(b => b.Count >= counted * 0.99).Bound;
        return (counted, within50, p99);
    }
}
