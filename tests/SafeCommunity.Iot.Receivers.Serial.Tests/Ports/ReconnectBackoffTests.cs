using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Ports;

public sealed class ReconnectBackoffTests
{
    [Theory]
    [InlineData(0, 160, 240)]
    [InlineData(1, 320, 480)]
    [InlineData(2, 640, 960)]
    [InlineData(4, 2560, 3840)]
    [InlineData(5, 4000, 5000)]
    [InlineData(50, 4000, 5000)]
    public void Delay_AfterFailures_DoublesFrom200MsUpTo5sWithJitter(int failures, double minMs, double maxMs)
    {
        var backoff = ReconnectBackoff.Default();

        for (var i = 0; i < 200; i++)
        {
            var delay = backoff.Delay(failures).TotalMilliseconds;
            Assert.InRange(delay, minMs, maxMs);
        }
    }

    [Fact]
    public void Delay_Jitter_SpreadsDelays()
    {
        var backoff = ReconnectBackoff.Default();

        var delays = Enumerable.Range(0, 50).Select(_ => backoff.Delay(3)).Distinct().Count();

        Assert.True(delays > 10);
    }
}
