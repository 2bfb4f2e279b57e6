using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_DoublesUpToTheMaximum_WithJitterBetweenHalfAndAll()
    {
        var lowest = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0);
        var highest = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1);

        var low = Enumerable.Range(0, 10).Select(_ => lowest.Next().TotalSeconds).ToArray();
        var high = Enumerable.Range(0, 10).Select(_ => highest.Next().TotalSeconds).ToArray();

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30], low);
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60, 60], high);
    }

    [Fact]
    public void Reset_StartsOverFromTheMinimum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1);
        for (var i = 0; i < 100; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }
}
