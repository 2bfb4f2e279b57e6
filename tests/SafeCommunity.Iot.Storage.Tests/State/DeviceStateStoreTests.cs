using System.Diagnostics;
using System.Globalization;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.State;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Storage.Tests.State;

public abstract class DeviceStateStoreTests : IDisposable
{
    private readonly TempDirectory _directory;
    private readonly ITestOutputHelper _output;

    private protected DeviceStateStoreTests(TempDirectory directory, ITestOutputHelper output)
    {
        _directory = directory;
        _output = output;
    }

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Commit_ThenLoadAllAfterRestart_RoundTripsEveryField()
    {
        var located = new DeviceStateSnapshot(
            DeviceId: uint.MaxValue,
            LastCounter: uint.MaxValue,
            SeenWindow: 0x8000_0000_0000_0001, // the top bit set: stored as a negative INTEGER
            LastAcceptedAt: TestData.T0,
            Flags: DeviceStatusFlags.Armed | DeviceStatusFlags.Moving | DeviceStatusFlags.GnssFixValid,
            Battery: 127,
            LastSeen: TestData.T0.AddMilliseconds(250),
            LastReceiverId: "wufu-patrol-moto-2",
            LastLocation: new Location(new GeoPoint(25.1010123456789, 105.4690987654321), 7.25, LocationSource.GnssStale, TestData.T0.AddSeconds(-30)));
        var unlocated = new DeviceStateSnapshot(
            DeviceId: 1,
            LastCounter: 0,
            SeenWindow: ulong.MaxValue,
            LastAcceptedAt: DateTimeOffset.UnixEpoch,
            Flags: DeviceStatusFlags.None,
            Battery: 0,
            LastSeen: TestData.T0,
            LastReceiverId: "ac1f09fffe000001",
            LastLocation: null);
        using (var writer = new StateAndAlarmWriter(_directory.OpenDatabase()))
        {
            writer.Commit(Batch(located, unlocated));
        }
        var restarted = new DeviceStateStore(_directory.OpenDatabase());
        var loaded = restarted.LoadAll();

        Assert.Equal([unlocated, located], loaded);
        Assert.Equal(located, restarted.Find(uint.MaxValue));
        Assert.Null(restarted.Find(1)!.LastLocation);
    }

    [Fact]
    public void Commit_RuleMemory_ComesBackWithTheState_AfterARestart()
    {
        var memory = new DeviceRuleMemory
        {
            LowBatteryLatched = true,
            ArmedAt = new Location(new GeoPoint(25.1010, 105.4690), 35, LocationSource.Receivers, TestData.T0.AddMinutes(-5)),
            SilentRaised = true,
            Fences =
            [
                new FenceCrossingMemory("home-wang", KeepOut: false, Confirmed: false, 1, TestData.T0.AddSeconds(-30), new GeoPoint(25.1046, 105.4690), true),
                new FenceCrossingMemory("river-bank", KeepOut: true, Confirmed: true, 3, TestData.T0.AddMinutes(-2), new GeoPoint(25.0991, 105.4702), false),
            ],
        };
        using (var writer = new StateAndAlarmWriter(_directory.OpenDatabase()))
        {
            writer.Commit(Batch(State(7, 1, TestData.T0) with { Rules = memory }, State(8, 1, TestData.T0)));
        }

        var loaded = new DeviceStateStore(_directory.OpenDatabase()).LoadAll();

        var rules = loaded.Single(s => s.DeviceId == 7).Rules!;
        Assert.Equal((true, memory.ArmedAt, true), (rules.LowBatteryLatched, rules.ArmedAt, rules.SilentRaised));
        Assert.Equal(memory.Fences, rules.Fences);
        Assert.Null(loaded.Single(s => s.DeviceId == 8).Rules);
    }

    [Fact]
    public void Commit_StateWithNoMemory_ClearsTheStoredOne()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        writer.Commit(Batch(State(7, 1, TestData.T0) with { Rules = new DeviceRuleMemory { LowBatteryLatched = true } }));

        writer.Commit(Batch(State(7, 2, TestData.T0.AddMinutes(1))));

        Assert.Null(new DeviceStateStore(database).Find(7)!.Rules);
    }

    [Fact]
    public void Commit_MemoryChangedByTheClock_IsStoredUnlessTheDeviceWasHeardSince()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        writer.Commit(Batch(State(7, 1, TestData.T0), State(8, 1, TestData.T0.AddMinutes(12))));
        var silent = new DeviceRuleMemory { SilentRaised = true };

        // The clock saw both last heard at T0; device 8 was heard again since (by another gateway's frame).
        var batch = new StateAndAlarmBatch();
        batch.RuleMemories.Add(new RuleMemoryUpdate(7, TestData.T0, silent));
        batch.RuleMemories.Add(new RuleMemoryUpdate(8, TestData.T0, silent));
        writer.Commit(batch);

        var store = new DeviceStateStore(database);
        Assert.True(store.Find(7)!.Rules!.SilentRaised);
        Assert.Null(store.Find(8)!.Rules);
        Assert.Equal(1u, store.Find(7)!.LastCounter);
    }

    [Fact]
    public void LoadHeardSince_ReturnsTheStatesOfDevicesHeardAfterTheTime_InDeviceOrder()
    {
        var database = _directory.OpenDatabase();
        using (var writer = new StateAndAlarmWriter(database))
        {
            writer.Commit(Batch(State(9, 1, TestData.T0.AddSeconds(10)), State(3, 1, TestData.T0), State(5, 4, TestData.T0.AddSeconds(5))));
        }

        var store = new DeviceStateStore(database);

        Assert.Equal([5u, 9u], store.LoadHeardSince(TestData.T0).Select(s => s.DeviceId));
        Assert.Equal([3u, 5u, 9u], store.LoadHeardSince(DateTimeOffset.MinValue).Select(s => s.DeviceId));
        Assert.Empty(store.LoadHeardSince(TestData.T0.AddSeconds(10)));
        Assert.Equal(4u, store.LoadHeardSince(TestData.T0.AddSeconds(4)).Single(s => s.DeviceId == 5).LastCounter);
    }

    [Fact]
    public void Commit_TimeWithOffset_ComesBackAsTheSameInstantInUtc()
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        var beijing = new DateTimeOffset(2026, 11, 29, 16, 35, 59, 123, TimeSpan.FromHours(8));

        writer.Commit(Batch(TestData.State(5, 1) with { LastSeen = beijing }));

        var lastSeen = store.Find(5)!.LastSeen;
        Assert.Equal(beijing, lastSeen);
        Assert.Equal(TimeSpan.Zero, lastSeen.Offset);
    }

    [Fact]
    public void Commit_SameDeviceAgain_ReplacesItsState()
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        writer.Commit(Batch(TestData.State(7, 10, TestData.Fix(TestData.T0))));

        var newer = TestData.State(7, 11) with { Battery = 55, LastReceiverId = "wufu-gate-south" };
        writer.Commit(Batch(newer));

        Assert.Equal(newer, Assert.Single(store.LoadAll()));
    }

    [Fact]
    public void Commit_StateWithALowerCounterThanTheStoredOne_LeavesTheStoredCounter()
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        var stored = TestData.State(7, 11);
        writer.Commit(Batch(stored));

        writer.Commit(Batch(TestData.State(7, 10) with { Battery = 12 }, TestData.State(8, 1)));

        Assert.Equal([stored, TestData.State(8, 1)], store.LoadAll());
    }

    [Fact]
    public void Commit_EmptyBatch_WritesNothing()
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);

        writer.Commit(new StateAndAlarmBatch());

        Assert.Empty(store.LoadAll());
    }

    [Fact]
    public void Commit_RowFailsMidBatch_StoresNothingOfItAndNextCommitWorks()
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        var bad = Batch(TestData.State(1, 1), TestData.State(2, 1) with { LastReceiverId = null! });
        bad.Trail.Add(TestData.Point(1, TestData.T0));

        Assert.ThrowsAny<Exception>(() => writer.Commit(bad));

        Assert.Empty(store.LoadAll());
        Assert.Empty(store.GetTrail(1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
        writer.Commit(Batch(TestData.State(3, 1)));
        Assert.Equal([3u], store.LoadAll().Select(s => s.DeviceId));
    }

    [Fact]
    public void Find_UnknownDevice_ReturnsNull()
    {
        var store = new DeviceStateStore(_directory.OpenDatabase());

        Assert.Null(store.Find(42));
    }

    [Fact]
    public void GetTrail_Window_ReturnsPointsInsideItOldestFirst()
    {
        var store = CreateWithTrail(out var minutes);

        var trail = store.GetTrail(1, minutes[2], minutes[7], limit: 100);

        Assert.Equal(minutes[2..8], trail.Select(p => p.Location.At));
        Assert.All(trail, p => Assert.Equal(1u, p.DeviceId));
    }

    [Fact]
    public void GetTrail_Limit_KeepsTheNewestPointsOldestFirst()
    {
        var store = CreateWithTrail(out var minutes);

        var trail = store.GetTrail(1, minutes[0], minutes[7], limit: 3);

        Assert.Equal(minutes[5..8], trail.Select(p => p.Location.At));
    }

    [Fact]
    public void GetTrail_Point_RoundTripsEveryField()
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        var point = new TrailPoint(9, new Location(new GeoPoint(-25.5, -105.25), 95, LocationSource.Receivers, TestData.T0), "tiangu-gate-south");
        var batch = new StateAndAlarmBatch();
        batch.Trail.Add(point);
        writer.Commit(batch);

        Assert.Equal(point, Assert.Single(store.GetTrail(9, TestData.T0, TestData.T0, 1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void GetTrail_EmptyWindowOrZeroLimit_ReturnsNothing(int shift)
    {
        var store = CreateWithTrail(out var minutes);

        Assert.Empty(store.GetTrail(1, minutes[5], minutes[5].AddMinutes(shift), limit: shift == 0 ? 0 : 10));
    }

    [Fact]
    public void GetTrail_NegativeLimit_Throws()
    {
        var store = new DeviceStateStore(_directory.OpenDatabase());

        Assert.Throws<ArgumentOutOfRangeException>(() => store.GetTrail(1, TestData.T0, TestData.T0, -1));
    }

    [Fact]
    public void PruneTrail_OlderThanCutoff_DeletesThoseAndReturnsHowMany()
    {
        var store = CreateWithTrail(out var minutes);

        var removed = store.PruneTrail(minutes[4]);

        // Device 1 had minutes 0..9 and device 2 minutes 0..4 (interleaved): minutes 0..3 of both go.
        Assert.Equal(8, removed);
        Assert.Equal(minutes[4..], store.GetTrail(1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100).Select(p => p.Location.At));
        Assert.Single(store.GetTrail(2, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100));
        Assert.Equal(0, store.PruneTrail(minutes[4]));
    }

    [Fact]
    public void PruneTrail_MoreThanOneChunk_DeletesAll()
    {
        var storeDatabase = _directory.OpenDatabase(SynchronousMode.Normal);
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        var batch = new StateAndAlarmBatch();
        var count = (DeviceStateStore.PruneChunkSize * 2) + 17;
        for (var i = 0; i < count; i++)
        {
            batch.Trail.Add(TestData.Point((uint)(i % 100) + 1, TestData.T0.AddSeconds(-i)));
        }

        writer.Commit(batch);

        Assert.Equal(count, store.PruneTrail(TestData.T0.AddSeconds(1)));
    }

    [Fact]
    public void Commit_ThousandStatesAndThousandTrailPoints_StoresThemAndReportsTheTime()
    {
        // Not a timing assertion (machines differ): it stores the rows and writes the time to the test output.
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        const int Rows = 1000;
        const int Rounds = 20;
        var timings = new List<double>();
        for (var round = 0; round <= Rounds; round++)
        {
            var batch = new StateAndAlarmBatch();
            for (var i = 0; i < Rows; i++)
            {
                var at = TestData.T0.AddSeconds((round * Rows) + i);
                batch.States.Add(TestData.State((uint)i + 1, (uint)round, TestData.Fix(at)));
                batch.Trail.Add(TestData.Point((uint)i + 1, at));
            }

            var started = Stopwatch.GetTimestamp();
            writer.Commit(batch);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (round > 0)
            {
                timings.Add(elapsed); // round 0 warms up (JIT, prepared statements, file growth)
            }
        }

        timings.Sort();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"commit of {Rows} states + {Rows} trail points (synchronous=FULL): median {timings[Rounds / 2]:F2} ms, min {timings[0]:F2} ms, max {timings[^1]:F2} ms over {Rounds} commits"));
        Assert.Equal(Rows, store.LoadAll().Count);
        Assert.Equal(Rounds + 1, store.GetTrail(1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 1000).Count);
    }

    private DeviceStateStore CreateWithTrail(out DateTimeOffset[] minutes)
    {
        var storeDatabase = _directory.OpenDatabase();
        var store = new DeviceStateStore(storeDatabase);
        using var writer = new StateAndAlarmWriter(storeDatabase);
        minutes = [.. Enumerable.Range(0, 10).Select(i => TestData.T0.AddMinutes(i))];
        var batch = new StateAndAlarmBatch();
        for (var i = 0; i < minutes.Length; i++)
        {
            batch.Trail.Add(TestData.Point(1, minutes[i]));
            if (i < 5)
            {
                batch.Trail.Add(TestData.Point(2, minutes[i], "tiangu-gate-north"));
            }
        }

        writer.Commit(batch);
        return store;
    }

    private static DeviceStateSnapshot State(uint deviceId, uint counter, DateTimeOffset heardAt) =>
        new(deviceId, counter, 0, heardAt, DeviceStatusFlags.None, 80, heardAt, "wufu-gate-north", null);

    private static StateAndAlarmBatch Batch(params DeviceStateSnapshot[] states)
    {
        var batch = new StateAndAlarmBatch();
        batch.States.AddRange(states);
        return batch;
    }
}

public sealed class DeviceStateStoreSqliteTests(ITestOutputHelper output) : DeviceStateStoreTests(new TempDirectory(), output);

[Collection(PostgreSqlCollection.Name)]
public sealed class DeviceStateStorePostgreSqlTests(PostgreSqlFixture postgres, ITestOutputHelper output) : DeviceStateStoreTests(new TempDirectory(postgres.Server), output);
