using SafeCommunity.Iot.Ingestion.Pipeline;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

public sealed class PriorityLanesTests
{
    [Fact]
    public async Task AlarmsOvertakeRoutineItems_ButARoutineItemGetsATurnAfterEveryStreak()
    {
        var lanes = new PriorityLanes<string>(1000);
        for (var i = 0; i < 5; i++)
        {
            await lanes.WriteAsync($"routine {i}", isAlarm: false);
        }

        for (var i = 0; i < PriorityLanes<string>.MaxAlarmStreak * 2; i++)
        {
            await lanes.WriteAsync($"alarm {i}", isAlarm: true);
        }

        lanes.Complete();
        var order = new List<string>();
        await foreach (var item in lanes.ReadAllAsync())
        {
            order.Add(item);
        }

        var streak = PriorityLanes<string>.MaxAlarmStreak;
        Assert.Equal(5 + (streak * 2), order.Count);
        Assert.All(order.Take(streak), item => Assert.StartsWith("alarm", item, StringComparison.Ordinal));
        Assert.Equal("routine 0", order[streak]);
        Assert.All(order.Skip(streak + 1).Take(streak), item => Assert.StartsWith("alarm", item, StringComparison.Ordinal));
        Assert.Equal(["routine 1", "routine 2", "routine 3", "routine 4"], order.Skip((streak * 2) + 1));
    }

    [Fact]
    public async Task AnAlarm_NeverOvertakesAnEarlierItemOfItsOwnKey_ButOvertakesTheOthers()
    {
        var lanes = new PriorityLanes<string>(100);
        await lanes.WriteAsync("report of 1", isAlarm: false, orderKey: 1);
        await lanes.WriteAsync("report of 7", isAlarm: false, orderKey: 7);
        await lanes.WriteAsync("report of 2", isAlarm: false, orderKey: 2);
        await lanes.WriteAsync("tick", isAlarm: false);
        await lanes.WriteAsync("sos of 3", isAlarm: true, orderKey: 3);
        await lanes.WriteAsync("sos of 7", isAlarm: true, orderKey: 7);
        await lanes.WriteAsync("sos of 9", isAlarm: true, orderKey: 9);
        lanes.Complete();

        // The alarm lane stays in order, so the SOS of 9 waits with the SOS of 7 for the report of 7.
        Assert.Equal(
            ["sos of 3", "report of 1", "report of 7", "sos of 7", "sos of 9", "report of 2", "tick"],
            await ReadAllAsync(lanes));
    }

    [Fact]
    public async Task AfterManyKeysHaveComeAndGone_AnAlarmStillWaitsForItsOwnKeysQueuedItem()
    {
        var lanes = new PriorityLanes<string>(16);
        for (uint key = 0; key < 10_000; key++)
        {
            await lanes.WriteAsync("report", isAlarm: false, orderKey: key);
            Assert.True(lanes.TryRead(out _));
        }

        await lanes.WriteAsync("other report", isAlarm: false, orderKey: 20_000);
        await lanes.WriteAsync("last report of 9999", isAlarm: false, orderKey: 9_999);
        await lanes.WriteAsync("sos of 5", isAlarm: true, orderKey: 5);
        await lanes.WriteAsync("sos of 9999", isAlarm: true, orderKey: 9_999);
        lanes.Complete();

        Assert.Equal(["sos of 5", "other report", "last report of 9999", "sos of 9999"], await ReadAllAsync(lanes));
    }

    [Fact]
    public async Task AFullLane_MakesItsWriterWait_WhileTheOtherLaneStillTakesWork()
    {
        var lanes = new PriorityLanes<int>(2);
        await lanes.WriteAsync(1, isAlarm: false);
        await lanes.WriteAsync(2, isAlarm: false);

        var waiting = lanes.WriteAsync(3, isAlarm: false).AsTask();
        Assert.False(waiting.IsCompleted);
        await lanes.WriteAsync(100, isAlarm: true);

        Assert.True(lanes.TryRead(out var first));
        Assert.Equal(100, first);
        Assert.True(lanes.TryRead(out var second));
        Assert.Equal(1, second);
        await waiting;
        Assert.Equal(2, lanes.Count);
    }

    [Fact]
    public async Task TheReader_WakesForEitherLane_AndEndsWhenBothAreCompletedAndDrained()
    {
        var lanes = new PriorityLanes<int>(8);
        var reading = Task.Run(async () =>
        {
            var seen = new List<int>();
            await foreach (var item in lanes.ReadAllAsync())
            {
                seen.Add(item);
            }

            return seen;
        });

        await lanes.WriteAsync(1, isAlarm: true);
        await lanes.WriteAsync(2, isAlarm: false);
        await lanes.WriteAsync(3, isAlarm: true);
        lanes.Complete();

        var read = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 3], read.Order());
    }

    private static async Task<List<T>> ReadAllAsync<T>(PriorityLanes<T> lanes)
    {
        var read = new List<T>();
        await foreach (var item in lanes.ReadAllAsync())
        {
            read.Add(item);
        }

        return read;
    }
}
