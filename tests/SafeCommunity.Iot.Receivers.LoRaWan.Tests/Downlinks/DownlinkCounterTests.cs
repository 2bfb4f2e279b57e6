using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Downlinks;

public sealed class DownlinkCounterTests
{
    [Fact]
    public async Task NextAsync_IsSecondsSince2025()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 0, 0, 1, 999, TimeSpan.Zero));

        Assert.Equal(86_401u, await new DownlinkCounter(time).NextAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task NextAsync_AfterARestart_IsStillGreater()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var before = await new DownlinkCounter(time).NextAsync(1, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(2));
        var after = await new DownlinkCounter(time).NextAsync(1, CancellationToken.None);

        Assert.True(after > before);
    }

    [Fact]
    public async Task NextAsync_ClockBefore2025_Refuses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.Zero));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await new DownlinkCounter(time).NextAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task NextAsync_ManyDevicesInOneSecond_EachGetsTheCurrentSecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var counter = new DownlinkCounter(time);

        var counters = new List<uint>();
        for (uint device = 1; device <= 5000; device++)
        {
            counters.Add(await counter.NextAsync(device, CancellationToken.None));
        }

        Assert.Single(counters.Distinct());
    }
}
