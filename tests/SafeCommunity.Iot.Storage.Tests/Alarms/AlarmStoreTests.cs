using System.Data.Common;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Tests.Alarms;

public abstract class AlarmStoreTests : IDisposable
{
    private readonly TempDirectory _directory;

    private protected AlarmStoreTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Commit_StatesAndAlarmEvents_RoundTripThroughEventsAfterEventsOfAndFindAlarm()
    {
        var bike = AlarmTestData.StolenBike(1);
        var gate = AlarmTestData.ReceiverSilent(2);
        var escalated = bike with { EscalatedAt = TestData.T0.AddMinutes(2) };
        var acknowledged = escalated with
        {
            State = AlarmState.Acknowledged,
            AcknowledgedBy = "officer-wang",
            AcknowledgedAt = TestData.T0.AddMinutes(3),
        };
        var resolved = gate with
        {
            State = AlarmState.Resolved,
            ResolvedBy = "admin-li",
            ResolvedAt = TestData.T0.AddHours(1),
            ResolutionNote = "电源已恢复 (power restored)",
        };
        AlarmEvent[] events =
        [
            AlarmTestData.Event(1, AlarmEventType.Raised, bike),
            AlarmTestData.Event(2, AlarmEventType.Raised, gate),
            AlarmTestData.Event(3, AlarmEventType.Escalated, escalated),
            AlarmTestData.Event(4, AlarmEventType.Acknowledged, acknowledged, actor: "officer-wang"),
            AlarmTestData.Event(5, AlarmEventType.Resolved, resolved, actor: "admin-li"),
        ];
        var database = _directory.OpenDatabase();
        var states = new DeviceStateStore(database);
        using var writer = new StateAndAlarmWriter(database);
        var alarms = new AlarmStore(database);

        var first = new StateAndAlarmBatch();
        first.States.Add(TestData.State(285212673, 17, TestData.Fix(TestData.T0)));
        first.Trail.Add(TestData.Point(285212673, TestData.T0));
        first.AlarmEvents.AddRange(events[..4]);
        writer.Commit(first);
        var second = new StateAndAlarmBatch();
        second.AlarmEvents.Add(events[4]);
        writer.Commit(second);

        AlarmTestData.AssertSame(events, alarms.EventsAfter(0, 100));
        AlarmTestData.AssertSame([events[0], events[2], events[3]], alarms.EventsOf(1));
        AlarmTestData.AssertSame([events[1], events[4]], alarms.EventsOf(2));
        // The last event of an alarm in a batch is its current state.
        AlarmTestData.AssertSame(acknowledged, alarms.FindAlarm(1));
        AlarmTestData.AssertSame(resolved, alarms.FindAlarm(2));
        Assert.Null(alarms.FindAlarm(3));
        Assert.Empty(alarms.EventsOf(3));
        Assert.Equal(17u, states.Find(285212673)!.LastCounter);
        Assert.Single(states.GetTrail(285212673, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public void LoadStartState_AfterRestart_ReturnsActiveAlarmsOnlyAndTheLastSequenceAndId()
    {
        var bike = AlarmTestData.StolenBike(1);
        var sos = AlarmTestData.Sos(2);
        var acknowledgedSos = sos with { State = AlarmState.Acknowledged, AcknowledgedBy = "officer-wang", AcknowledgedAt = TestData.T0.AddMinutes(1) };
        var gate = AlarmTestData.ReceiverSilent(3);
        var resolvedGate = gate with { State = AlarmState.Resolved, ResolvedBy = "admin-li", ResolvedAt = TestData.T0.AddMinutes(9) };
        new AlarmStore(_directory.OpenDatabase()).ReserveAlarmIds(3);
        using (var writer = new StateAndAlarmWriter(_directory.OpenDatabase()))
        {
            var batch = new StateAndAlarmBatch();
            batch.AlarmEvents.AddRange([
                AlarmTestData.Event(1, AlarmEventType.Raised, bike),
                AlarmTestData.Event(2, AlarmEventType.Raised, sos),
                AlarmTestData.Event(3, AlarmEventType.Raised, gate),
                AlarmTestData.Event(4, AlarmEventType.Acknowledged, acknowledgedSos, "officer-wang"),
                AlarmTestData.Event(5, AlarmEventType.Resolved, resolvedGate, "admin-li"),
            ]);
            writer.Commit(batch);
        }

        var restarted = new AlarmStore(_directory.OpenDatabase());
        var start = restarted.LoadStartState();

        Assert.Equal(5, start.LastSequence);
        Assert.Equal(3, start.LastAlarmId); // the highest id reserved, though alarm 3 is resolved
        Assert.Equal([1L, 2L], start.Active.Select(a => a.Id));
        AlarmTestData.AssertSame(bike, start.Active[0]);
        AlarmTestData.AssertSame(acknowledgedSos, start.Active[1]);
    }

    [Fact]
    public void LoadStartState_ActiveAlarmsQuery_ReadsThePartialIndexNotEveryAlarm()
    {
        var database = _directory.OpenDatabase();
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        var sqlite = _directory.Provider == StorageProvider.Sqlite;

        // PostgreSQL's planner scans a table this small whole: without that choice, the partial index must serve.
        command.CommandText = sqlite
            ? "EXPLAIN QUERY PLAN " + AlarmStore.SelectActiveAlarmsSql
            : "SET enable_seqscan = off; EXPLAIN " + AlarmStore.SelectActiveAlarmsSql;
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(sqlite ? 3 : 0));
        }

        Assert.Contains(plan, step => step.Contains(sqlite ? "USING INDEX alarms_active" : "on alarms_active", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadStartState_NewDatabase_IsEmptyWithZeroes()
    {
        var store = new AlarmStore(_directory.OpenDatabase());

        var start = store.LoadStartState();

        Assert.Empty(start.Active);
        Assert.Equal(0, start.LastSequence);
        Assert.Equal(0, start.LastAlarmId);
    }

    [Fact]
    public void Commit_FailingBatch_StoresNothingAndTakesNoNumber_TheNextBatchGetsIt()
    {
        var database = _directory.OpenDatabase();
        var states = new DeviceStateStore(database);
        using var writer = new StateAndAlarmWriter(database);
        var alarms = new AlarmStore(database);
        var batch = new StateAndAlarmBatch();
        batch.States.Add(TestData.State(285212673, 1));
        batch.Trail.Add(TestData.Point(285212673, TestData.T0));
        batch.AlarmEvents.AddRange([
            AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.StolenBike(1)),
            AlarmTestData.Event(2, (AlarmEventType)99, AlarmTestData.Sos(2)),
        ]);

        Assert.ThrowsAny<Exception>(() => writer.Commit(batch));

        AssertNothingStored(states, alarms);
        Assert.Equal(0, alarms.LoadStartState().LastSequence);
        var good = new StateAndAlarmBatch();
        good.States.Add(TestData.State(285212673, 2));
        good.AlarmEvents.Add(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(2)));
        writer.Commit(good);
        Assert.Equal([1L], alarms.EventsAfter(0, 10).Select(e => e.Sequence));
        Assert.Equal(2L, alarms.FindAlarm(2)!.Id);
        Assert.Null(alarms.FindAlarm(1));
    }

    [Fact]
    public void Commit_NumbersTheEventsAfterTheLastStored_WhateverNumbersTheBatchCarried()
    {
        // Another gateway of the store took numbers meanwhile: the batch's own numbers are stale.
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var alarms = new AlarmStore(database);
        var stored = new StateAndAlarmBatch();
        stored.AlarmEvents.Add(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.StolenBike(1)));
        writer.Commit(stored);
        var stale = new StateAndAlarmBatch();
        stale.AlarmEvents.AddRange([
            AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(2)),
            AlarmTestData.Event(2, AlarmEventType.Updated, AlarmTestData.StolenBike(1) with { Count = 3 }),
        ]);

        writer.Commit(stale);

        Assert.Equal([2L, 3L], stale.AlarmEvents.Select(e => e.Sequence));
        Assert.Equal([1L, 2L, 3L], alarms.EventsAfter(0, 10).Select(e => e.Sequence));
        Assert.Equal(AlarmKind.Sos, alarms.EventsAfter(1, 1)[0].Alarm.Kind);
        Assert.Equal(3, alarms.FindAlarm(1)!.Count);
        Assert.Equal(3, alarms.LoadStartState().LastSequence);
    }

    [Fact]
    public async Task Commit_TwoGatewaysAtOnce_OneGapFreeSequence_ReadInOrderWhileTheyWrite()
    {
        // Two writers on their own databases objects (two gateways of one store) and a reader following the sequence
        // as a watcher does: every read starts right after the last event read, or the stream would have a gap.
        const int Batches = 150;
        var alarms = new AlarmStore(_directory.OpenDatabase());
        var writers = new[] { new StateAndAlarmWriter(_directory.OpenDatabase()), new StateAndAlarmWriter(_directory.OpenDatabase()) };
        var ids = new[] { alarms.ReserveAlarmIds(Batches), alarms.ReserveAlarmIds(Batches) };
        var writing = writers.Select((writer, w) => Task.Run(() =>
        {
            for (var i = 0; i < Batches; i++)
            {
                var batch = new StateAndAlarmBatch();
                var alarm = AlarmTestData.Sos(ids[w] - i, deviceId: (uint)(570425345 + w));
                batch.AlarmEvents.AddRange([
                    AlarmTestData.Event(1, AlarmEventType.Raised, alarm),
                    AlarmTestData.Event(2, AlarmEventType.Updated, alarm with { Count = 2 }),
                ]);
                writer.Commit(batch);
            }
        })).ToArray();

        var read = new List<AlarmEvent>();
        while (read.Count < 2 * 2 * Batches)
        {
            var after = read.Count == 0 ? 0 : read[^1].Sequence;
            var page = alarms.EventsAfter(after, AlarmStore.MaxEventsPerRead);
            Assert.True(page.Count == 0 || page[0].Sequence == after + 1, $"read {(page.Count > 0 ? page[0].Sequence : 0)} after {after}");
            read.AddRange(page);
            if (page.Count == 0)
            {
                await Task.WhenAny(Task.WhenAll(writing), Task.Delay(1));
            }
        }

        await Task.WhenAll(writing);
        foreach (var writer in writers)
        {
            writer.Dispose();
        }

        Assert.Equal(Enumerable.Range(1, 4 * Batches).Select(i => (long)i), read.Select(e => e.Sequence));
        for (var i = 0; i < read.Count; i += 2)
        {
            // A batch's two events are consecutive: one alarm raised, then updated.
            Assert.Equal((read[i].Alarm.Id, AlarmEventType.Raised, AlarmEventType.Updated), (read[i + 1].Alarm.Id, read[i].Type, read[i + 1].Type));
        }
    }

    [Fact]
    public void ReserveAlarmIds_BlocksNeverOverlap_AndTheLastReservedSurvivesARestart()
    {
        var store = new AlarmStore(_directory.OpenDatabase());

        var first = store.ReserveAlarmIds(64);
        var second = store.ReserveAlarmIds(10);

        Assert.Equal((64L, 74L), (first, second));
        Assert.Equal(74, new AlarmStore(_directory.OpenDatabase()).LoadStartState().LastAlarmId);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ReserveAlarmIds(0));
    }

    [Fact]
    public void Commit_TimesWithOffsetAndTicks_ComeBackAsUtcMillisecondsFromEveryRead()
    {
        var beijing = new DateTimeOffset(2026, 11, 29, 16, 35, 59, 123, TimeSpan.FromHours(8)).AddTicks(4567);
        var alarm = AlarmTestData.Sos(1) with { FirstSeen = beijing, LastSeen = beijing, EscalatedAt = beijing };
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var alarms = new AlarmStore(database);
        var batch = new StateAndAlarmBatch();
        batch.AlarmEvents.Add(new AlarmEvent(1, AlarmEventType.Raised, beijing, alarm, null));

        writer.Commit(batch);

        var fromEvent = Assert.Single(alarms.EventsOf(1));
        var fromRow = alarms.FindAlarm(1)!;
        var expected = new DateTimeOffset(2026, 11, 29, 8, 35, 59, 123, TimeSpan.Zero);
        Assert.Equal(expected, fromEvent.At);
        Assert.Equal(TimeSpan.Zero, fromEvent.At.Offset);
        Assert.Equal(expected, fromEvent.Alarm.FirstSeen);
        Assert.Equal(TimeSpan.Zero, fromEvent.Alarm.FirstSeen.Offset);
        Assert.Equal(expected, fromRow.EscalatedAt);
        AlarmTestData.AssertSame(fromRow, fromEvent.Alarm);
    }

    [Fact]
    public void EventsAfter_Pages_ReturnEveryEventOnceInOrder()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var alarms = new AlarmStore(database);
        var batch = new StateAndAlarmBatch();
        var bike = AlarmTestData.StolenBike(1);
        batch.AlarmEvents.Add(AlarmTestData.Event(1, AlarmEventType.Raised, bike));
        for (var sequence = 2; sequence <= 25; sequence++)
        {
            batch.AlarmEvents.Add(AlarmTestData.Event(sequence, AlarmEventType.Updated, bike with { Count = sequence }));
        }

        writer.Commit(batch);

        var pages = new List<long[]>();
        long after = 0;
        IReadOnlyList<AlarmEvent> page;
        while ((page = alarms.EventsAfter(after, 10)).Count > 0)
        {
            pages.Add([.. page.Select(e => e.Sequence)]);
            after = page[^1].Sequence;
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Length));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), pages.SelectMany(p => p));
        Assert.Equal([24L, 25L], alarms.EventsAfter(23, AlarmStore.MaxEventsPerRead).Select(e => e.Sequence));
        Assert.Equal(25, alarms.FindAlarm(1)!.Count);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(0L, -1)]
    [InlineData(0L, AlarmStore.MaxEventsPerRead + 1)]
    [InlineData(-1L, 10)]
    public void EventsAfter_LimitOrSequenceOutOfRange_Throws(long afterSequence, int limit)
    {
        var store = new AlarmStore(_directory.OpenDatabase());

        Assert.Throws<ArgumentOutOfRangeException>(() => store.EventsAfter(afterSequence, limit));
    }

    [Fact]
    public void Commit_AlarmEvents_StoresKebabNamesSeverityNumbersAndReadableJson()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var acknowledged = AlarmTestData.StolenBike(1) with { State = AlarmState.Acknowledged, AcknowledgedBy = "officer-wang" };
        var batch = new StateAndAlarmBatch();
        batch.AlarmEvents.Add(AlarmTestData.Event(1, AlarmEventType.Acknowledged, acknowledged, "officer-wang"));

        writer.Commit(batch);

        using var connection = database.OpenConnection();
        Assert.Equal(
            ["stolen-bike-sighted", "4", "acknowledged", "[\"tiangu-gate-north\",\"tiangu-patrol-car-1\"]", "1", "3"],
            Row(connection, "SELECT kind, severity, state, receiver_ids, last_sequence, source FROM alarms;"));
        Assert.Equal(
            ["1", "1", "acknowledged", "officer-wang", "stolen-bike-sighted", "4", "285212673", "wufu", "tiangu"],
            Row(connection, "SELECT sequence, alarm_id, type, actor, kind, severity, device_id, home_community, seen_community FROM alarm_events;"));
        var snapshot = Row(connection, "SELECT snapshot FROM alarm_events;")[0];
        Assert.Contains("\"kind\":\"stolen-bike-sighted\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("\"severity\":\"critical\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"acknowledged\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"receivers\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("\"subject\":\"雅迪电动车 蓝 (Yadea e-bike, blue) \\\"quoted\\\"\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("\"firstSeen\":\"2026-11-29T08:35:59.123+00:00\"", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("resolvedBy", snapshot, StringComparison.Ordinal); // nulls are left out
    }

    [Fact]
    public void StoredNames_EveryAlarmKind_IsTheDocumentedKebabName()
    {
        string[] documented =
        [
            "sos", "fall", "wristband-removed", "tamper", "moved-while-armed", "stolen-bike-sighted", "left-safe-zone",
            "entered-forbidden-zone", "silent-too-long", "low-battery", "receiver-silent", "security",
        ];

        Assert.Equal(documented, Enum.GetValues<AlarmKind>().Select(kind => StoredNames.Name(kind)));
        Assert.Equal(["open", "acknowledged", "resolved"], Enum.GetValues<AlarmState>().Select(state => StoredNames.Name(state)));
        Assert.Equal(["raised", "updated", "acknowledged", "resolved", "escalated"], Enum.GetValues<AlarmEventType>().Select(type => StoredNames.Name(type)));
        Assert.All(Enum.GetValues<AlarmKind>(), kind => Assert.Equal(kind, StoredNames.Parse<AlarmKind>(StoredNames.Name(kind), "test")));
    }

    [Fact]
    public void FindAlarm_UnknownKindInRow_ThrowsInvalidData()
    {
        var database = _directory.OpenDatabase();
        using (var writer = new StateAndAlarmWriter(database))
        {
            var batch = new StateAndAlarmBatch();
            batch.AlarmEvents.Add(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(1)));
            writer.Commit(batch);
        }

        using (var connection = database.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE alarms SET kind = 'meteor-strike';";
            command.ExecuteNonQuery();
        }

        var exception = Assert.Throws<InvalidDataException>(() => new AlarmStore(database).FindAlarm(1));

        Assert.Contains("'meteor-strike' in alarm 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveTheft_InsertRecoverAndLoadActive_RoundTripEveryField()
    {
        var store = new AlarmStore(_directory.OpenDatabase());
        var bare = AlarmTestData.Theft(570425345) with { LastSeenPlace = null, Description = null };

        var first = store.SaveTheft(AlarmTestData.Theft());
        var second = store.SaveTheft(bare);

        Assert.Equal(1, first.Id);
        Assert.Equal(2, second.Id);
        Assert.Equal(AlarmTestData.Theft() with { Id = 1 }, first);
        Assert.Equal([first, second], store.LoadActiveThefts());

        var recovered = store.SaveTheft(first with { RecoveredAt = TestData.T0.AddDays(1) });

        Assert.False(recovered.IsActive);
        Assert.Equal([second], store.LoadActiveThefts());
        var restarted = new AlarmStore(_directory.OpenDatabase());
        Assert.Equal([second], restarted.LoadActiveThefts());
        Assert.Equal(3, restarted.SaveTheft(AlarmTestData.Theft()).Id);
    }

    [Fact]
    public void SaveTheft_TimeWithOffset_ComesBackAsUtcMilliseconds()
    {
        var store = new AlarmStore(_directory.OpenDatabase());
        var beijing = new DateTimeOffset(2026, 11, 29, 16, 35, 59, 123, TimeSpan.FromHours(8)).AddTicks(99);

        var saved = store.SaveTheft(AlarmTestData.Theft() with { StolenAt = beijing });

        Assert.Equal(TimeSpan.Zero, saved.StolenAt.Offset);
        Assert.Equal(beijing.AddTicks(-99), saved.StolenAt);
        Assert.Equal(saved, Assert.Single(store.LoadActiveThefts()));
    }

    [Fact]
    public void SaveTheft_ASecondOpenReportOfOneBike_IsRefusedAndWritesNothing_OnceRecoveredItMayBeReportedAgain()
    {
        var store = new AlarmStore(_directory.OpenDatabase());
        var first = store.SaveTheft(AlarmTestData.Theft());

        var refused = Assert.Throws<TheftAlreadyReportedException>(() => store.SaveTheft(AlarmTestData.Theft() with { PoliceReportNumber = "AL-2026-0099" }));

        Assert.Equal(first.DeviceId, refused.DeviceId);
        Assert.Equal([first], store.LoadActiveThefts());
        store.SaveTheft(first with { RecoveredAt = TestData.T0 });
        var again = store.SaveTheft(AlarmTestData.Theft());
        Assert.Equal([again], store.LoadActiveThefts());
    }

    [Fact]
    public void SaveTheft_UnknownId_ThrowsAndWritesNothing()
    {
        var store = new AlarmStore(_directory.OpenDatabase());

        Assert.Throws<KeyNotFoundException>(() => store.SaveTheft(AlarmTestData.Theft() with { Id = 42 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.SaveTheft(AlarmTestData.Theft() with { Id = -1 }));

        Assert.Empty(store.LoadActiveThefts());
    }

    private static void AssertNothingStored(DeviceStateStore states, AlarmStore alarms)
    {
        Assert.Empty(states.LoadAll());
        Assert.Empty(states.GetTrail(285212673, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
        Assert.Empty(alarms.EventsAfter(0, 10));
        var start = alarms.LoadStartState();
        Assert.Empty(start.Active);
        Assert.Equal(0, start.LastSequence);
        Assert.Equal(0, start.LastAlarmId);
    }

    [Fact]
    public void ListAlarms_RaisedFromAndBefore_KeepsTheAlarmsFirstSeenInThePeriod_StartInclusiveEndExclusive()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        var batch = new StateAndAlarmBatch();
        for (var id = 1; id <= 5; id++)
        {
            var at = TestData.T0.AddHours(id);
            batch.AlarmEvents.Add(AlarmTestData.Event(id, AlarmEventType.Raised, AlarmTestData.Sos(id) with { FirstSeen = at, LastSeen = at }));
        }

        writer.Commit(batch);
        var store = new AlarmStore(database);

        var period = new AlarmQuery(["tiangu"], null, null, null, false, null, 100) { RaisedFrom = TestData.T0.AddHours(2), RaisedBefore = TestData.T0.AddHours(4) };
        Assert.Equal([3L, 2L], store.ListAlarms(period).Select(a => a.Id));
        Assert.Equal([2L], store.ListAlarms(period with { BeforeId = 3 }).Select(a => a.Id));
        Assert.Equal([5L, 4L], store.ListAlarms(period with { RaisedFrom = TestData.T0.AddHours(4), RaisedBefore = null }).Select(a => a.Id));
        Assert.Empty(store.ListAlarms(period with { CommunityIds = ["wufu"] }));
    }

    [Fact]
    public void TheftsOf_ABikeReportedTwice_ReturnsBothNewestFirst_AndNoneOfAnotherBike()
    {
        var store = new AlarmStore(_directory.OpenDatabase());
        var first = store.SaveTheft(AlarmTestData.Theft());
        store.SaveTheft(first with { RecoveredAt = TestData.T0 });
        var second = store.SaveTheft(AlarmTestData.Theft() with { StolenAt = TestData.T0.AddDays(3), ReportedAt = TestData.T0.AddDays(3) });
        store.SaveTheft(AlarmTestData.Theft(285212674));

        var reports = store.TheftsOf(285212673);

        Assert.Equal([second.Id, first.Id], reports.Select(r => r.Id));
        Assert.Equal(TestData.T0, reports[1].RecoveredAt);
        Assert.Null(reports[0].RecoveredAt);
        Assert.Empty(store.TheftsOf(285212675));
    }

    private static string[] Row(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var values = new string[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        Assert.False(reader.Read());
        return values;
    }
}

public sealed class AlarmStoreSqliteTests() : AlarmStoreTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class AlarmStorePostgreSqlTests(PostgreSqlFixture postgres) : AlarmStoreTests(new TempDirectory(postgres.Server));
