using SafeCommunity.Iot.Core.Resilience;

namespace SafeCommunity.Iot.Core.Tests.Resilience;

public class ExponentialBackoffTests
{
    [Fact]
    public void Next_DoublesUpToTheLongest_SpreadByAFifth_AndNeverAboveTheLongest()
    {
        var lowest = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0);
        var middle = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0.5);
        var highest = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0.999999);

        Assert.Equal([0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 48, 48], Enumerable.Range(0, 8).Select(_ => Math.Round(lowest.Next().TotalSeconds, 3)));
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(0, 8).Select(_ => Math.Round(middle.Next().TotalSeconds, 3)));
        Assert.Equal([1.2, 2.4, 4.8, 9.6, 19.2, 38.4, 60, 60], Enumerable.Range(0, 8).Select(_ => Math.Round(highest.Next().TotalSeconds, 3)));
    }

    [Fact]
    public void Reset_StartsOverFromTheFirstWait_AndFailuresAreCounted()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0.5);
        for (var i = 0; i < 100; i++)
        {
            backoff.Next();
        }

        Assert.Equal(100, backoff.Failures);
        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }

    [Fact]
    public void TheDefaultRandom_SpreadsTheWaits()
    {
        var waits = Enumerable.Range(0, 50).Select(_ => ExponentialBackoff.Delay(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 3, Random.Shared.NextDouble())).Distinct().Count();

        Assert.True(waits > 10);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(2, 1)]
    public void ABadRange_IsRefused(int firstSeconds, int longestSeconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(firstSeconds), TimeSpan.FromSeconds(longestSeconds)));
    }
}
