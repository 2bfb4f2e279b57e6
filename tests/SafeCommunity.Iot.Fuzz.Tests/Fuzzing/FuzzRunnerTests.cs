using System.Text;

namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>The runner itself: what it reports when a parser throws, allocates too much or hangs, and that runs replay.</summary>
public sealed class FuzzRunnerTests
{
    private static readonly byte[][] Seeds = [Encoding.ASCII.GetBytes("hello, parser"), Encoding.ASCII.GetBytes("{\"a\":[1,2,3]}")];

    [Fact]
    public void ThrowingParser_IsReportedWithItsSeedCaseAndAMinimisedInput()
    {
        var mutator = new ByteMutator(Seeds, 64);
        var target = new FuzzTarget("throws on '!'", 64, mutator.Next, input =>
        {
            if (input.Contains((byte)'!'))
            {
                throw new InvalidOperationException();
            }
        }, _ => 1_000_000);

        var failure = Assert.Throws<FuzzFailureException>(() => FuzzRunner.Run(target, new FuzzSettings(100_000, 7, null, TimeSpan.FromSeconds(30))));

        Assert.Contains("of seed 7 threw System.InvalidOperationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains("replay: FUZZ_SEED=7 FUZZ_CASE=", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("minimised (1 bytes): 21", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParserAllocatingPastItsBound_IsReported()
    {
        var mutator = new ByteMutator(Seeds, 64);
        var target = new FuzzTarget("allocates", 64, mutator.Next, input => GC.KeepAlive(new byte[input.Length * 100]), length => 64 + (10L * length));

        var failure = Assert.Throws<FuzzFailureException>(() => FuzzRunner.Run(target, new FuzzSettings(1000, 7, null, TimeSpan.FromSeconds(30))));

        Assert.Contains("more than", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocationThatDoesNotRepeatForTheSameInput_IsNotAFinding()
    {
        // Stands in for the runtime rebuilding a weakly held cache after a collection: the same case allocates on
        // its first runs only.
        var mutator = new ByteMutator(Seeds, 64);
        var calls = 0;
        var target = new FuzzTarget("allocates on case 5's first runs", 64, mutator.Next, _ =>
        {
            calls++;
            if (calls is > 5 and <= 5 + FuzzRunner.AllocationReruns)
            {
                GC.KeepAlive(new byte[256]);
            }
        }, _ => 0);

        var result = FuzzRunner.Run(target, new FuzzSettings(100, 7, null, TimeSpan.FromSeconds(30)));

        Assert.Equal(100, result.Cases);
        Assert.Equal(0, result.MostAllocated);
    }

    [Fact]
    public void EnumValues_AfterACollection_TellNamedFromUnnamedWithoutAllocating()
    {
        Assert.True(EnumValues<DayOfWeek>.IsDefined(DayOfWeek.Friday));
        GC.Collect();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var named = EnumValues<DayOfWeek>.IsDefined(DayOfWeek.Sunday);
        var unnamed = EnumValues<DayOfWeek>.IsDefined((DayOfWeek)7);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(named);
        Assert.False(unnamed);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void HangingParser_IsReportedWithTheInputItIsStuckOn()
    {
        var mutator = new ByteMutator(Seeds, 64);
        using var release = new ManualResetEventSlim();
        var target = new FuzzTarget("hangs", 64, mutator.Next, _ => release.Wait(), _ => long.MaxValue);

        var failure = Assert.Throws<FuzzFailureException>(() => FuzzRunner.Run(target, new FuzzSettings(10, 7, null, TimeSpan.FromMilliseconds(300))));
        release.Set();

        Assert.Contains("case 0 of seed 7 still running after", failure.Message, StringComparison.Ordinal);
        Assert.Contains("input (", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneCase_ReplaysTheSameInput()
    {
        var mutator = new ByteMutator(Seeds, 64);
        var seen = new List<string>();
        var target = new FuzzTarget("records", 64, mutator.Next, input => seen.Add(Convert.ToHexString(input)), _ => long.MaxValue);

        FuzzRunner.Run(target, new FuzzSettings(50, 11, null, TimeSpan.FromSeconds(30)));
        var fortySecond = seen[42];
        seen.Clear();
        FuzzRunner.Run(target, new FuzzSettings(50, 11, OnlyCase: 42, TimeSpan.FromSeconds(30)));

        Assert.Equal([fortySecond], seen);
    }
}
