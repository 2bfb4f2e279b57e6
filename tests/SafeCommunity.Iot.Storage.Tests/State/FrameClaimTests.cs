using System.Collections.Concurrent;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Tests.State;

/// <summary>Frame counters claimed in the store by gateways sharing it: each taken once, whatever the gateways' own windows say.</summary>
public abstract class FrameClaimTests : IDisposable
{
    private const uint Device = 0x22000001;
    private readonly TempDirectory _directory;

    private protected FrameClaimTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Claim_NewLateAndSeenCounters_TakesEachOnceAndKeepsTheWindow()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);

        Assert.Equal([true, true, false, true, false], Claim(writer, 10, 12, 12, 8, 10));

        var stored = new DeviceStateStore(database).Find(Device)!;
        Assert.Equal(12u, stored.LastCounter);
        // Bit i is counter 12 - 1 - i: 10 is bit 1, 8 is bit 3.
        Assert.Equal(0b1010UL, stored.SeenWindow);
    }

    [Fact]
    public void Claim_LostToAnother_AnswersWithTheStoredNewestFrameAndItsReceptions()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var heardAt = TestData.T0.AddMinutes(3);
        Claim(writer, new FrameClaim(Device, 41, heardAt, [Heard("wufu-gate-north", heardAt)]));

        var answers = Claim(writer, new FrameClaim(Device, 41, heardAt.AddMilliseconds(40), [Heard("wufu-gate-south", heardAt)]));

        var answer = Assert.Single(answers)!;
        Assert.Equal(41u, answer.LastCounter);
        Assert.Equal(heardAt, answer.LastAcceptedAt);
        Assert.Equal([Heard("wufu-gate-north", heardAt)], answer.Receptions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void Claim_JumpOfManyCounters_MovesTheWindowAsTheGatewayDoes(uint jump)
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        Claim(writer, 100, 99);

        Assert.Equal([true], Claim(writer, 100 + jump));

        var stored = new DeviceStateStore(database).Find(Device)!;
        Assert.Equal(100 + jump, stored.LastCounter);
        // 100 is bit jump - 1 and 99 bit jump, while they are within the 64 bits.
        var expected = (jump <= 64 ? 1UL << (int)(jump - 1) : 0) | (jump <= 63 ? 1UL << (int)jump : 0);
        Assert.Equal(expected, stored.SeenWindow);
    }

    [Fact]
    public void Claim_OlderThanTheWindow_IsRefused()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        Claim(writer, 100);

        // The window is 16: 84 is the last counter below 100 it still takes.
        Assert.Equal([false, true, false], Claim(writer, 83, 84, 84));
    }

    [Fact]
    public void Commit_StatesWithClaims_NeverWriteTheCounters()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        Claim(writer, 20);

        // A gateway whose own window holds other bits stores its state of the device's newest frame: the claimed
        // window stays. A state of an older newest frame (a gateway behind the store) is not the device's latest.
        var batch = new StateAndAlarmBatch { ClaimJudge = new LambdaJudge(_ => { }) };
        batch.States.Add(TestData.State(Device, 20) with { Battery = 61 });
        batch.States.Add(TestData.State(Device + 1, 5));
        writer.Commit(batch);
        Claim(writer, new FrameClaim(Device + 1, 9, TestData.T0, [Heard("wufu-gate-north", TestData.T0)]));
        var behind = new StateAndAlarmBatch { ClaimJudge = new LambdaJudge(_ => { }) };
        behind.States.Add(TestData.State(Device + 1, 5) with { Battery = 12 });
        writer.Commit(behind);

        var store = new DeviceStateStore(database);
        var stored = store.Find(Device)!;
        Assert.Equal((20u, 0UL, (byte)61), (stored.LastCounter, stored.SeenWindow, stored.Battery));
        Assert.Equal((9u, (byte)127), (store.Find(Device + 1)!.LastCounter, store.Find(Device + 1)!.Battery));
    }

    [Fact]
    public void Commit_Merge_StoresTheMergedReceptionsAndTheirLocationForTheNewestFrame()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var heardAt = TestData.T0.AddMinutes(3);
        Claim(writer, new FrameClaim(Device, 41, heardAt, [Heard("wufu-gate-north", heardAt)]));
        var merged = new Location(new GeoPoint(25.1012, 105.4693), 90, LocationSource.Receivers, heardAt);
        IReadOnlyList<Reception> both = [Heard("wufu-gate-north", heardAt), Heard("wufu-gate-south", heardAt)];

        var batch = new StateAndAlarmBatch { ClaimJudge = new LambdaJudge(b => b.Merges.Add(new FrameMerge(Device, 41, both, merged))) };
        batch.Claims.Add(new FrameClaim(Device, 41, heardAt, [Heard("wufu-gate-south", heardAt)]));
        writer.Commit(batch);

        Assert.Equal(merged, new DeviceStateStore(database).Find(Device)!.LastLocation);
        var third = Assert.Single(Claim(writer, new FrameClaim(Device, 41, heardAt, [Heard("wufu-school", heardAt)])))!;
        Assert.Equal(both, third.Receptions);
    }

    [Fact]
    public void Claim_TwoWritersClaimingTheSameCountersAtOnce_TakeEachCounterOnce()
    {
        // Two gateways on one store: each gets every frame of five devices (as if every frame reached both).
        const int Counters = 150;
        var taken = new ConcurrentDictionary<(uint Device, uint Counter), int>();
        var writers = Enumerable.Range(0, 2).Select(_ => new StateAndAlarmWriter(_directory.OpenDatabase())).ToArray();
        try
        {
            Parallel.ForEach(writers, new ParallelOptions { MaxDegreeOfParallelism = 2 }, writer =>
            {
                for (uint counter = 1; counter <= Counters; counter++)
                {
                    var claims = Enumerable.Range(0, 5)
                        .Select(d => new FrameClaim(Device + (uint)d, counter, TestData.T0.AddSeconds(counter), [Heard("wufu-gate-north", TestData.T0)]))
                        .ToArray();
                    var answers = Claim(writer, claims);
                    for (var i = 0; i < claims.Length; i++)
                    {
                        if (answers[i] is null)
                        {
                            taken.AddOrUpdate((claims[i].DeviceId, counter), 1, (_, n) => n + 1);
                        }
                    }
                }
            });
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }
        }

        Assert.Equal(5 * Counters, taken.Count);
        Assert.All(taken.Values, n => Assert.Equal(1, n));
    }

    private static bool[] Claim(StateAndAlarmWriter writer, params uint[] counters) =>
        [.. counters.Select(counter => Claim(writer, new FrameClaim(Device, counter, TestData.T0.AddSeconds(counter), [Heard("wufu-gate-north", TestData.T0)]))[0] is null)];

    /// <summary>Commits one batch of <paramref name="claims"/>; returns the store's answers.</summary>
    private static StoredFrame?[] Claim(StateAndAlarmWriter writer, params FrameClaim[] claims)
    {
        StoredFrame?[] answers = [];
        var batch = new StateAndAlarmBatch { ClaimJudge = new LambdaJudge(b => answers = [.. b.ClaimAnswers]) };
        batch.Claims.AddRange(claims);
        writer.Commit(batch);
        return answers;
    }

    private static Reception Heard(string receiverId, DateTimeOffset at) => new(receiverId, at, -82.5, 6.25, null, UplinkTransport.Serial);

    private sealed class LambdaJudge(Action<StateAndAlarmBatch> judge) : IFrameClaimJudge
    {
        public void Judge(StateAndAlarmBatch batch) => judge(batch);
    }
}

public sealed class FrameClaimSqliteTests() : FrameClaimTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class FrameClaimPostgreSqlTests(PostgreSqlFixture postgres) : FrameClaimTests(new TempDirectory(postgres.Server));
