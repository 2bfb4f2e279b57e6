using SafeCommunity.Iot.Ingestion.Verification;

namespace SafeCommunity.Iot.Ingestion.Tests.Verification;

public sealed class ReplayWindowTests
{
    private const int Size = 16;

    [Fact]
    public void FirstCounterEver_IsNew_AndThenSeen()
    {
        var window = default(ReplayWindow);

        Assert.Equal(CounterVerdict.New, window.Judge(0, Size));
        window.Accept(0);

        Assert.Equal(CounterVerdict.Seen, window.Judge(0, Size));
        Assert.Equal(CounterVerdict.New, window.Judge(1, Size));
    }

    [Fact]
    public void LateCounters_InsideTheWindow_AreAcceptedExactlyOnce()
    {
        var window = default(ReplayWindow);
        window.Accept(100);
        window.Accept(110);

        Assert.Equal(CounterVerdict.Seen, window.Judge(100, Size));
        Assert.Equal(CounterVerdict.Late, window.Judge(105, Size));
        window.Accept(105);
        Assert.Equal(CounterVerdict.Seen, window.Judge(105, Size));
        Assert.Equal(CounterVerdict.Late, window.Judge(94, Size));
        Assert.Equal(CounterVerdict.TooOld, window.Judge(93, Size));
    }

    [Theory]
    [InlineData(63u)]
    [InlineData(64u)]
    [InlineData(65u)]
    [InlineData(1000u)]
    public void LargeJumps_ForgetTheOldBitsCorrectly(uint jump)
    {
        var window = default(ReplayWindow);
        window.Accept(10);
        window.Accept(9); // a late frame, inside the window
        var last = 10 + jump;

        window.Accept(last);

        Assert.Equal(last, window.LastCounter);
        Assert.Equal(jump - 1 < 64 ? CounterVerdict.Seen : CounterVerdict.TooOld, window.Judge(10, 64));
        Assert.Equal(jump < 64 ? CounterVerdict.Seen : CounterVerdict.TooOld, window.Judge(9, 64));
        Assert.Equal(jump == 1 ? CounterVerdict.Seen : CounterVerdict.Late, window.Judge(last - 1, 64));
    }

    [Fact]
    public void CounterAtTheTopOfTheRange_IsHandled()
    {
        var window = ReplayWindow.Restore(uint.MaxValue - 1, 0);

        Assert.Equal(CounterVerdict.New, window.Judge(uint.MaxValue, Size));
        window.Accept(uint.MaxValue);
        Assert.Equal(CounterVerdict.Seen, window.Judge(uint.MaxValue - 1, Size));
        Assert.Equal(CounterVerdict.Seen, window.Judge(uint.MaxValue, Size));
    }

    [Fact]
    public void ZeroSizedWindow_AcceptsOnlyNewerCounters()
    {
        var window = default(ReplayWindow);
        window.Accept(50);

        Assert.Equal(CounterVerdict.TooOld, window.Judge(49, 0));
        Assert.Equal(CounterVerdict.New, window.Judge(51, 0));
    }
}
