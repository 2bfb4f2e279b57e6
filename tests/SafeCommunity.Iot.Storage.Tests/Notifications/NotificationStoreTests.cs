using System.Data.Common;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Notifications;
using SafeCommunity.Iot.Storage.State;
using SafeCommunity.Iot.Storage.Tests.Alarms;

namespace SafeCommunity.Iot.Storage.Tests.Notifications;

/// <summary>
/// The outbox on each engine: written by the committer in the alarm event's transaction (both or neither), read and
/// updated by the delivery service, and kept across a restart; and the subscriptions it is planned from.
/// </summary>
public abstract class NotificationStoreTests : IDisposable
{
    private readonly TempDirectory _directory;

    private protected NotificationStoreTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Commit_AnEventWithItsNotifications_StoresBoth_AndAFailingBatchStoresNeither()
    {
        var database = _directory.OpenDatabase();
        using (var writer = new StateAndAlarmWriter(database))
        {
            writer.Commit(Batch(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(1)), Notice("sub-a", 1, 1)));

            // Sequence 1 again: the alarm event's primary key fails the batch, and its notice goes with it.
            var failing = Batch(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(2)), Notice("sub-a", 2, 1, address: "second"));
            Assert.ThrowsAny<DbException>(() => writer.Commit(failing));
        }

        var store = new NotificationStore(_directory.OpenDatabase());
        var stored = Assert.Single(store.LoadForAlarm(1));
        Assert.Equal(Notice("sub-a", 1, 1), stored.Notification);
        Assert.Equal((OutboxState.Pending, 0, TestData.T0), (stored.State, stored.Attempts, stored.FirstDueAt));
        Assert.Empty(store.LoadForAlarm(2));
    }

    [Fact]
    public void DeliveryRecords_RescheduleDeliverAndDeadLetter_AreWhatTheNextReadSees()
    {
        var database = _directory.OpenDatabase();
        using (var writer = new StateAndAlarmWriter(database))
        {
            writer.Commit(Batch(
                AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(1)),
                Notice("sub-a", 1, 1),
                Notice("sub-b", 1, 1),
                Notice("sub-c", 1, 1, due: TestData.T0.AddMinutes(30))));
        }

        var store = new NotificationStore(_directory.OpenDatabase());
        var due = store.TakeDue(TestData.T0, 10);
        Assert.Equal(["sub-a", "sub-b"], due.Select(d => d.Notification.SubscriptionId));
        Assert.Single(store.TakeDue(TestData.T0, 1));
        store.Reschedule(due[0].Id, 1, TestData.T0.AddSeconds(10), "HTTP 500 InternalServerError");
        store.MarkDead(due[1].Id, 1, TestData.T0.AddSeconds(1), "HTTP 404 NotFound");
        Assert.Empty(store.TakeDue(TestData.T0.AddSeconds(9), 10));
        Assert.Equal(TestData.T0.AddSeconds(10), store.NextDueAt());

        var retry = Assert.Single(store.TakeDue(TestData.T0.AddSeconds(10), 10));
        Assert.Equal((1, "HTTP 500 InternalServerError", TestData.T0), (retry.Attempts, retry.LastError, retry.FirstDueAt));
        store.MarkDelivered(retry.Id, 2, TestData.T0.AddSeconds(11));

        // A late answer for a row that is no longer pending changes nothing.
        store.Reschedule(retry.Id, 3, TestData.T0.AddSeconds(30), "late");
        Assert.Equal(TestData.T0.AddMinutes(30), store.NextDueAt());

        var restarted = new NotificationStore(_directory.OpenDatabase());
        var rows = restarted.LoadForAlarm(1);
        Assert.Equal([OutboxState.Delivered, OutboxState.Dead, OutboxState.Pending], rows.Select(r => r.State));
        Assert.Equal((2, null), (rows[0].Attempts, rows[0].LastError));
        var dead = Assert.Single(restarted.LoadDeadLetters(10));
        Assert.Equal(("sub-b", "HTTP 404 NotFound", TestData.T0.AddSeconds(1)), (dead.Notification.SubscriptionId, dead.LastError, dead.FinishedAt));
    }

    [Fact]
    public void Commit_AnAcknowledgement_StopsThePendingEscalationStepsOfItsAlarmOnly()
    {
        var database = _directory.OpenDatabase();
        using var writer = new StateAndAlarmWriter(database);
        writer.Commit(Batch(
            AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(1)),
            Notice("family", 1, 1, due: TestData.T0.AddHours(1)),
            Notice("bureau", 1, 1, level: NotificationLevel.Bureau, due: TestData.T0.AddMinutes(5)),
            Notice("bureau", 2, 2, level: NotificationLevel.Bureau, due: TestData.T0.AddMinutes(5))));
        var acknowledged = AlarmTestData.Sos(1) with { State = AlarmState.Acknowledged, AcknowledgedBy = "post", AcknowledgedAt = TestData.T0.AddMinutes(1) };
        var batch = Batch(AlarmTestData.Event(2, AlarmEventType.Acknowledged, acknowledged, "post"));
        batch.EscalationsStopped.Add(1);
        writer.Commit(batch);

        var store = new NotificationStore(_directory.OpenDatabase());
        Assert.Equal([OutboxState.Pending, OutboxState.Stopped], store.LoadForAlarm(1).Select(r => r.State));
        Assert.Equal(OutboxState.Pending, Assert.Single(store.LoadForAlarm(2)).State);
    }

    [Fact]
    public void Subscriptions_RoundTripEveryField_AndRemovingOneStopsItsPendingNotices()
    {
        var store = new NotificationStore(_directory.OpenDatabase());
        var full = new NotificationSubscription
        {
            Id = "sub-1",
            Name = "王家 (Wang family) \"phone\"",
            Role = AccessRole.Family,
            Principal = "wang-household",
            CommunityIds = ["wufu", "tiangu"],
            DeviceIds = [570425345, 4294967295],
            Kinds = [AlarmKind.Sos, AlarmKind.LeftSafeZone],
            MinSeverity = AlarmSeverity.High,
            Level = NotificationLevel.DutyOfficer,
            QuietHours = new QuietHours(new TimeOnly(22, 30), new TimeOnly(7, 0), "Asia/Shanghai"),
            Language = NotificationLanguages.English,
            Channel = NotificationChannel.Webhook,
            Address = "https://family.example.cn/hook?x=1",
            Secret = "s3cret",
            CreatedBy = "tok-1",
            CreatedAt = TestData.T0,
        };
        var bare = new NotificationSubscription
        {
            Id = "sub-2",
            Name = "post",
            Role = AccessRole.Post,
            Channel = NotificationChannel.Sms,
            Address = "+8613800000000",
            CreatedBy = "tok-2",
            CreatedAt = TestData.T0.AddSeconds(1),
        };
        store.AddSubscription(full);
        store.AddSubscription(bare);
        using (var writer = new StateAndAlarmWriter(_directory.OpenDatabase()))
        {
            writer.Commit(Batch(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(1)), Notice("sub-1", 1, 1), Notice("sub-2", 1, 1)));
        }

        var loaded = new NotificationStore(_directory.OpenDatabase()).LoadSubscriptions();
        Assert.Equal(2, loaded.Count);
        AssertSame(full, loaded[0]);
        AssertSame(bare, loaded[1]);

        Assert.True(store.RemoveSubscription("sub-1", TestData.T0.AddMinutes(1)));
        Assert.False(store.RemoveSubscription("sub-1", TestData.T0.AddMinutes(1)));
        Assert.Equal(["sub-2"], store.LoadSubscriptions().Select(s => s.Id));
        Assert.Equal([OutboxState.Stopped, OutboxState.Pending], store.LoadForAlarm(1).Select(r => r.State));
    }

    private static void AssertSame(NotificationSubscription expected, NotificationSubscription actual)
    {
        Assert.Equal(expected with { CommunityIds = [], DeviceIds = [], Kinds = [] }, actual with { CommunityIds = [], DeviceIds = [], Kinds = [] });
        Assert.Equal(expected.CommunityIds, actual.CommunityIds);
        Assert.Equal(expected.DeviceIds, actual.DeviceIds);
        Assert.Equal(expected.Kinds, actual.Kinds);
    }

    private static StateAndAlarmBatch Batch(AlarmEvent alarmEvent, params OutboxNotification[] notices)
    {
        var batch = new StateAndAlarmBatch();
        batch.AlarmEvents.Add(alarmEvent);
        batch.Notifications.AddRange(notices);
        return batch;
    }

    private static OutboxNotification Notice(
        string subscription,
        long alarmId,
        long sequence,
        NotificationLevel level = NotificationLevel.Watcher,
        DateTimeOffset? due = null,
        string address = "https://family.example.cn/hook") =>
        new(subscription, alarmId, sequence, level, NotificationChannel.Webhook, address, "王奶奶：按下SOS求救",
            "王奶奶按下SOS求救，五福社区，25.10101,105.46905，08:35", """{"alarmId":1,"text":"王奶奶"}""", due ?? TestData.T0);
}

public sealed class NotificationStoreSqliteTests() : NotificationStoreTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class NotificationStorePostgreSqlTests(PostgreSqlFixture postgres) : NotificationStoreTests(new TempDirectory(postgres.Server));
