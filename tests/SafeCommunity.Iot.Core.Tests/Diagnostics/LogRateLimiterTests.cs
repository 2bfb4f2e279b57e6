using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Core.Diagnostics;

namespace SafeCommunity.Iot.Core.Tests.Diagnostics;

public class LogRateLimiterTests
{
    [Fact]
    public void OneLinePerInterval_AndTheNextSaysHowManyWereHeldBack()
    {
        var clock = new FakeTimeProvider();
        var limiter = new LogRateLimiter(clock, TimeSpan.FromSeconds(10));

        Assert.True(limiter.TryAcquire(out var first));
        Assert.False(limiter.TryAcquire(out _));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(limiter.TryAcquire(out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(out var second));

        Assert.Equal(0, first);
        Assert.Equal(2, second);
    }

    [Fact]
    public void ManyThreadsAtOnce_LetOneThrough_AndCountEveryOther()
    {
        var clock = new FakeTimeProvider();
        var limiter = new LogRateLimiter(clock, TimeSpan.FromMinutes(1));
        var allowed = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (limiter.TryAcquire(out _))
            {
                Interlocked.Increment(ref allowed);
            }
        });
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, allowed);
        Assert.True(limiter.TryAcquire(out var suppressed));
        Assert.Equal(9_999, suppressed);
    }
}
