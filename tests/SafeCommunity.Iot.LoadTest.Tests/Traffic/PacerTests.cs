using SafeCommunity.Iot.LoadTest.Traffic;

namespace SafeCommunity.Iot.LoadTest.Tests.Traffic;

public class PacerTests
{
    [Fact]
    public async Task ASenderHeldBack_StopsAtTheDuration_InsteadOfHandingOverAllItOwes()
    {
        // 100,000 a second for 0.2 s is 20,000 sends. The first is held for 0.3 s (the broker holds the publisher),
        // so all 20,000 are due at once; each after it takes a millisecond, so only some fit before the deadline
        // (the duration and one second), and the pacer must stop there instead of catching up for 20 s.
        var calls = 0;
        var sent = await Pacer.RunAsync(100_000, TimeSpan.FromMilliseconds(200), () =>
        {
            Thread.Sleep(++calls == 1 ? 300 : 1);
            return true;
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(sent, 1, 19_999);
    }

    [Fact]
    public async Task NothingLeftToSend_StopsAtOnce()
    {
        var calls = 0;
        var sent = await Pacer.RunAsync(1000, TimeSpan.FromSeconds(30), () => ++calls <= 5, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, sent);
    }
}
