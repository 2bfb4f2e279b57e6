using System.Data;
using System.Data.Common;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Notifications;

/// <summary>
/// Writes a batch's notifications into the outbox on the committer's connection, inside the batch's transaction
/// (the one that stores the alarm events causing them), and stops the pending escalation steps of alarms acknowledged
/// or resolved in the batch. The same SQL on every engine; the dialect prepares it.
/// </summary>
internal sealed class NotificationOutboxWriter : IDisposable
{
    // A plain INSERT: (subscription_id, sequence) taken twice would be a planning bug, and fails the batch loudly.
    private const string InsertSql = """
        INSERT INTO notification_outbox (subscription_id, alarm_id, sequence, level, channel, address, subject, text,
                                         payload, state, attempts, first_due_at, due_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', 0, ?10, ?10);
        """;

    // Only escalation steps stop: the family is still told of an alarm a post acknowledged at once.
    private const string StopSql = """
        UPDATE notification_outbox SET state = 'stopped', finished_at = ?2
        WHERE alarm_id = ?1 AND state = 'pending' AND level <> 'watcher';
        """;

    private static readonly DbType[] InsertTypes =
    [
        DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String,
        DbType.String, DbType.String, DbType.Int64,
    ];

    private static readonly DbType[] StopTypes = [DbType.Int64, DbType.Int64];

    private readonly IBatchStatement _insert;
    private readonly IBatchStatement _stop;

    public NotificationOutboxWriter(DbConnection connection, SqlDialect dialect)
    {
        _insert = dialect.Prepare(connection, InsertSql, InsertTypes);
        try
        {
            _stop = dialect.Prepare(connection, StopSql, StopTypes);
        }
        catch
        {
            _insert.Dispose();
            throw;
        }
    }

    /// <summary>Stops the escalations, then writes the notifications, inside the caller's open <paramref name="transaction"/>.</summary>
    /// <param name="escalationsStopped">Alarms whose pending escalation steps stop.</param>
    /// <param name="notifications">The new rows.</param>
    /// <param name="stoppedAt">When the stop is recorded (the batch's last alarm event).</param>
    /// <param name="transaction">The batch's transaction.</param>
    public void Write(
        IReadOnlyList<long> escalationsStopped,
        IReadOnlyList<OutboxNotification> notifications,
        DateTimeOffset stoppedAt,
        DbTransaction transaction)
    {
        // Stops first: a batch that acknowledges an alarm and escalates another never stops what it adds itself,
        // and an alarm is never escalated in the batch that acknowledges it (the engine sees the acknowledgement).
        foreach (var alarmId in escalationsStopped)
        {
            _stop.Bind(1, alarmId);
            _stop.Bind(2, DbValues.ToUnixMilliseconds(stoppedAt));
            _stop.Execute(transaction);
        }

        foreach (var notification in notifications)
        {
            ArgumentNullException.ThrowIfNull(notification);
            _insert.Bind(1, notification.SubscriptionId);
            _insert.Bind(2, notification.AlarmId);
            _insert.Bind(3, notification.Sequence);
            _insert.Bind(4, StoredNames.NameOf(notification.Level));
            _insert.Bind(5, StoredNames.NameOf(notification.Channel));
            _insert.Bind(6, notification.Address);
            _insert.Bind(7, notification.Subject);
            _insert.Bind(8, notification.Text);
            _insert.Bind(9, notification.Payload);
            _insert.Bind(10, DbValues.ToUnixMilliseconds(notification.DueAt));
            _insert.Execute(transaction);
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _stop.Dispose();
    }
}
