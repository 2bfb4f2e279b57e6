using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Reporting;

namespace SafeCommunity.Iot.LoadTest.Tests.Reporting;

public class RunFiguresTests
{
    [Fact]
    public void Intervals_RatesComeFromTheSamplesAtTheEnds()
    {
        // 1,000 frames/s sent; the gateway accepts 900/s for 10 s, then 1,100/s; one CPU second per wall second.
        var samples = Enumerable.Range(0, 21).Select(s => Sample(s, sent: s * 1000, accepted: s <= 10 ? s * 900 : 9000 + ((s - 10) * 1100), cpu: s, queued: s)).ToList();

        var intervals = RunFigures.Intervals(samples, TimeSpan.FromSeconds(10));

        Assert.Equal(2, intervals.Count);
        Assert.Equal((0, 10), (intervals[0].FromSeconds, intervals[0].ToSeconds));
        Assert.Equal(1000, intervals[0].SentPerSecond);
        Assert.Equal(900, intervals[0].AcceptedPerSecond);
        Assert.Equal(1100, intervals[1].AcceptedPerSecond);
        Assert.Equal(100, intervals[0].CpuPercentOfCore!.Value, 6);
        Assert.Equal(10, intervals[0].MaxPipelineQueued);
        Assert.Equal(20, intervals[1].MaxPipelineQueued);
    }

    [Fact]
    public void Intervals_ALastShortPieceIsKept_WithItsOwnLength()
    {
        var samples = Enumerable.Range(0, 16).Select(s => Sample(s, sent: s * 10, accepted: s * 10, cpu: null, queued: 0)).ToList();

        var intervals = RunFigures.Intervals(samples, TimeSpan.FromSeconds(10));

        Assert.Equal(2, intervals.Count);
        Assert.Equal(15, intervals[1].ToSeconds);
        Assert.Equal(10, intervals[1].AcceptedPerSecond);
        Assert.Null(intervals[1].CpuPercentOfCore);
    }

    [Fact]
    public void Intervals_TooFewSamples_GiveNone()
    {
        Assert.Empty(RunFigures.Intervals([Sample(0, 0, 0, 0, 0)], TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Cpu_IsCpuTimeOverWallTime_OfOneCoreAndOfTheMachine()
    {
        var samples = Enumerable.Range(0, 11).Select(s => Sample(s, 0, 0, cpu: s * 1.5, queued: 0)).ToList();
        var intervals = RunFigures.Intervals(samples, TimeSpan.FromSeconds(5));

        var cpu = RunFigures.Cpu(samples, 10, cores: 2, intervals);

        Assert.Equal(150, cpu.PercentOfCore!.Value, 6);
        Assert.Equal(75, cpu.PercentOfMachine!.Value, 6);
        Assert.Equal(150, cpu.MaxIntervalPercentOfCore!.Value, 6);
    }

    [Fact]
    public void Cpu_WithoutAProcess_IsUnknown()
    {
        var samples = Enumerable.Range(0, 3).Select(s => Sample(s, 0, 0, cpu: null, queued: 0)).ToList();

        Assert.Equal(new CpuFigures(null, null, null), RunFigures.Cpu(samples, 2, 2, []));
    }

    [Fact]
    public void MaxQueuesAndDelta_SummariseTheScrapes()
    {
        var samples = new[] { Sample(0, 0, 0, null, 3), Sample(1, 0, 0, null, 12), Sample(2, 0, 0, null, 1) };

        Assert.Equal(12, RunFigures.MaxQueues(samples)["ingress"]);
        var delta = RunFigures.Delta(
            new Dictionary<string, double> { ["accepted"] = 10, ["replay"] = 1 },
            new Dictionary<string, double> { ["accepted"] = 25, ["bad_mic"] = 2 });
        Assert.Equal(new Dictionary<string, double> { ["accepted"] = 15, ["replay"] = -1, ["bad_mic"] = 2 }, delta);
    }

    [Fact]
    public void GatewayAlarmLatency_CountsOnlyTheRun_AndFindsTheBucketOfThe99thPercentile()
    {
        // Cumulative buckets: before the run 10 events all under 5 ms; during it 200 more, 197 of them within 50 ms.
        var before = new Dictionary<double, double> { [5] = 10, [50] = 10, [100] = 10, [double.PositiveInfinity] = 10 };
        var after = new Dictionary<double, double> { [5] = 110, [50] = 207, [100] = 209, [double.PositiveInfinity] = 210 };

        var (counted, within50, p99) = RunFigures.GatewayAlarmLatency(before, after);

        Assert.Equal(200, counted);
        Assert.Equal(197, within50);
        Assert.Equal(100, p99);
    }

    [Fact]
    public void GatewayAlarmLatency_NoEvents_HasNoPercentile()
    {
        var buckets = new Dictionary<double, double> { [50] = 3, [double.PositiveInfinity] = 3 };

        Assert.Equal((0, 0, null), RunFigures.GatewayAlarmLatency(buckets, buckets));
    }

    private static RunSample Sample(double at, long sent, double accepted, double? cpu, double queued) =>
        new(at, cpu, cpu is null ? null : 100_000_000, Counters(accepted, queued), sent);

    private static GatewayCounters Counters(double accepted, double ingress) =>
        new(new Dictionary<string, double> { ["accepted"] = accepted }, new Dictionary<string, double>(), ingress, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<double, double>(), 0, 0);
}
