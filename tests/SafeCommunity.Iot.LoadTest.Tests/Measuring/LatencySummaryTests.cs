using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Tests.Measuring;

public class LatencySummaryTests
{
    [Fact]
    public void Of_OneToHundred_GivesNearestRankPercentiles()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse();

        var summary = LatencySummary.Of(values);

        Assert.Equal(100, summary.Count);
        Assert.Equal(50, summary.P50);
        Assert.Equal(90, summary.P90);
        Assert.Equal(99, summary.P99);
        Assert.Equal(100, summary.Max);
        Assert.Equal(50.5, summary.Mean);
    }

    [Fact]
    public void Of_FewValues_P99IsTheLargest()
    {
        var summary = LatencySummary.Of([12.5, 3, 7]);

        Assert.Equal(7, summary.P50);
        Assert.Equal(12.5, summary.P99);
        Assert.Equal(12.5, summary.Max);
    }

    [Fact]
    public void Of_Nothing_IsAllZero()
    {
        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0, 0), LatencySummary.Of([]));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(10, 10)]
    [InlineData(10.1, 20)]
    [InlineData(95, 100)]
    [InlineData(100, 100)]
    public void Percentile_IsTheSmallestValueWithThatShareAtOrBelowIt(double percent, double expected)
    {
        double[] sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

        Assert.Equal(expected, LatencySummary.Percentile(sorted, percent));
    }

    [Fact]
    public void Percentile_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([1.0], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([], 50));
    }
}
