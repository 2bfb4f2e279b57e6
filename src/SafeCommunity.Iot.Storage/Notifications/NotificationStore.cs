using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Notifications;

/// <summary>
/// Subscriptions (<c>notification_subscriptions</c>) and the outbox (<c>notification_outbox</c>) in the gateway
/// database. The committer writes the outbox's rows (<see cref="NotificationOutboxWriter"/>); this reads them for the
/// delivery service and records each attempt. Every call opens its own pooled connection, so any thread may call.
/// </summary>
public sealed class NotificationStore : INotificationStore
{
    private const string SubscriptionColumns = """
        id, name, role, principal, community_ids, device_ids, kinds, min_severity, level, quiet_from, quiet_until,
        quiet_time_zone, language, channel, address, secret, created_by, created_at
        """;

    private const string OutboxColumns = """
        id, subscription_id, alarm_id, sequence, level, channel, address, subject, text, payload, state, attempts,
        first_due_at, due_at, last_error, finished_at
        """;

    private readonly GatewayDatabase _database;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public NotificationStore(GatewayDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public IReadOnlyList<NotificationSubscription> LoadSubscriptions()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + SubscriptionColumns + " FROM notification_subscriptions ORDER BY created_at, id;";
        using var reader = command.ExecuteReader();
        var subscriptions = new List<NotificationSubscription>();
        while (reader.Read())
        {
            subscriptions.Add(ReadSubscription(reader));
        }

        return subscriptions;
    }

    /// <inheritdoc />
    /// <exception cref="DbException">A subscription with that id exists, or a field breaks a constraint.</exception>
    public void AddSubscription(NotificationSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO notification_subscriptions (id, name, role, principal, community_ids, device_ids, kinds,
                min_severity, level, quiet_from, quiet_until, quiet_time_zone, language, channel, address, secret,
                created_by, created_at)
            VALUES (@id, @name, @role, @principal, @community_ids, @device_ids, @kinds, @min_severity, @level,
                @quiet_from, @quiet_until, @quiet_time_zone, @language, @channel, @address, @secret, @created_by,
                @created_at);
            """;
        string[] kinds = [.. subscription.Kinds.Select(StoredNames.Name)];
        uint[] devices = [.. subscription.DeviceIds];
        string[] communities = [.. subscription.CommunityIds];
        command.AddWithValue("@id", subscription.Id);
        command.AddWithValue("@name", subscription.Name);
        command.AddWithValue("@role", StoredNames.NameOf(subscription.Role));
        command.AddWithValue("@principal", DbValues.OrNull(subscription.Principal));
        command.AddWithValue("@community_ids", JsonSerializer.Serialize(communities, StorageJsonContext.Default.StringArray));
        command.AddWithValue("@device_ids", JsonSerializer.Serialize(devices, StorageJsonContext.Default.UInt32Array));
        command.AddWithValue("@kinds", JsonSerializer.Serialize(kinds, StorageJsonContext.Default.StringArray));
        command.AddWithValue("@min_severity", (long)subscription.MinSeverity);
        command.AddWithValue("@level", StoredNames.NameOf(subscription.Level));
        var quiet = subscription.QuietHours;
        command.AddWithValue("@quiet_from", quiet is null ? DBNull.Value : (long)(quiet.From.Hour * 60 + quiet.From.Minute));
        command.AddWithValue("@quiet_until", quiet is null ? DBNull.Value : (long)(quiet.Until.Hour * 60 + quiet.Until.Minute));
        command.AddWithValue("@quiet_time_zone", DbValues.OrNull(quiet?.TimeZoneId));
        command.AddWithValue("@language", subscription.Language);
        command.AddWithValue("@channel", StoredNames.NameOf(subscription.Channel));
        command.AddWithValue("@address", subscription.Address);
        command.AddWithValue("@secret", DbValues.OrNull(subscription.Secret));
        command.AddWithValue("@created_by", subscription.CreatedBy);
        command.AddWithValue("@created_at", DbValues.ToUnixMilliseconds(subscription.CreatedAt));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool RemoveSubscription(string id, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = _database.OpenConnection();
        using var transaction = _database.Dialect.BeginWrite(connection);
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM notification_subscriptions WHERE id = @id;";
        delete.AddWithValue("@id", id);
        var removed = delete.ExecuteNonQuery() > 0;

        // Its pending notices stop with it: nobody is told on behalf of a subscription that is gone.
        using var stop = connection.CreateCommand();
        stop.Transaction = transaction;
        stop.CommandText = """
            UPDATE notification_outbox SET state = 'stopped', finished_at = @at
            WHERE subscription_id = @id AND state = 'pending';
            """;
        stop.AddWithValue("@id", id);
        stop.AddWithValue("@at", DbValues.ToUnixMilliseconds(at));
        stop.ExecuteNonQuery();
        transaction.Commit();
        return removed;
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredNotification> TakeDue(DateTimeOffset now, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Query(
            "WHERE state = 'pending' AND due_at <= @now ORDER BY due_at, id LIMIT @limit",
            command =>
            {
                command.AddWithValue("@now", DbValues.ToUnixMilliseconds(now));
                command.AddWithValue("@limit", (long)limit);
            });
    }

    /// <inheritdoc />
    public DateTimeOffset? NextDueAt()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(due_at) FROM notification_outbox WHERE state = 'pending';";
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : DbValues.FromUnixMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public void MarkDelivered(long id, int attempts, DateTimeOffset at) =>
        Update(id, "state = 'delivered', attempts = @attempts, finished_at = @at, last_error = NULL", attempts, at, error: null);

    /// <inheritdoc />
    public void Reschedule(long id, int attempts, DateTimeOffset retryAt, string reason) =>
        Update(id, "attempts = @attempts, due_at = @at, last_error = @error", attempts, retryAt, reason);

    /// <inheritdoc />
    public void MarkDead(long id, int attempts, DateTimeOffset at, string reason) =>
        Update(id, "state = 'dead', attempts = @attempts, finished_at = @at, last_error = @error", attempts, at, reason);

    /// <inheritdoc />
    public IReadOnlyList<StoredNotification> LoadDeadLetters(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Query(
            "WHERE state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT @limit",
            command => command.AddWithValue("@limit", (long)limit));
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredNotification> LoadForAlarm(long alarmId) =>
        Query("WHERE alarm_id = @alarm_id ORDER BY id", command => command.AddWithValue("@alarm_id", alarmId));

    private void Update(long id, string set, int attempts, DateTimeOffset at, string? error)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE notification_outbox SET " + set + " WHERE id = @id AND state = 'pending';";
        command.AddWithValue("@id", id);
        command.AddWithValue("@attempts", (long)attempts);
        command.AddWithValue("@at", DbValues.ToUnixMilliseconds(at));
        if (error is not null)
        {
            command.AddWithValue("@error", error);
        }

        command.ExecuteNonQuery();
    }

    private List<StoredNotification> Query(string tail, Action<DbCommand> bind)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + OutboxColumns + " FROM notification_outbox " + tail + ";";
        bind(command);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredNotification>();
        while (reader.Read())
        {
            rows.Add(ReadNotification(reader));
        }

        return rows;
    }

    private static StoredNotification ReadNotification(DbDataReader reader)
    {
        var id = reader.GetInt64(0);
        var row = string.Create(CultureInfo.InvariantCulture, $"notification {id}");
        var notification = new OutboxNotification(
            SubscriptionId: reader.GetString(1),
            AlarmId: reader.GetInt64(2),
            Sequence: reader.GetInt64(3),
            Level: StoredNames.Parse<NotificationLevel>(reader.GetString(4), row),
            Channel: StoredNames.Parse<NotificationChannel>(reader.GetString(5), row),
            Address: reader.GetString(6),
            Subject: reader.GetString(7),
            Text: reader.GetString(8),
            Payload: reader.GetString(9),
            DueAt: reader.GetTime(13));
        return new StoredNotification(
            id,
            notification,
            StoredNames.Parse<OutboxState>(reader.GetString(10), row),
            (int)reader.GetInt64(11),
            reader.GetTime(12),
            reader.GetStringOrNull(14),
            reader.GetTimeOrNull(15));
    }

    private static NotificationSubscription ReadSubscription(DbDataReader reader)
    {
        var id = reader.GetString(0);
        var row = string.Create(CultureInfo.InvariantCulture, $"subscription {id}");
        var kinds = JsonSerializer.Deserialize(reader.GetString(6), StorageJsonContext.Default.StringArray) ?? [];
        QuietHours? quiet = null;
        if (!reader.IsDBNull(9))
        {
            var from = (int)reader.GetInt64(9);
            var until = (int)reader.GetInt64(10);
            quiet = new QuietHours(new TimeOnly(from / 60, from % 60), new TimeOnly(until / 60, until % 60), reader.GetString(11));
        }

        return new NotificationSubscription
        {
            Id = id,
            Name = reader.GetString(1),
            Role = StoredNames.Parse<AccessRole>(reader.GetString(2), row),
            Principal = reader.GetStringOrNull(3),
            CommunityIds = JsonSerializer.Deserialize(reader.GetString(4), StorageJsonContext.Default.StringArray) ?? [],
            DeviceIds = JsonSerializer.Deserialize(reader.GetString(5), StorageJsonContext.Default.UInt32Array) ?? [],
            Kinds = [.. kinds.Select(kind => StoredNames.Parse<AlarmKind>(kind, row))],
            MinSeverity = (AlarmSeverity)reader.GetInt64(7),
            Level = StoredNames.Parse<NotificationLevel>(reader.GetString(8), row),
            QuietHours = quiet,
            Language = reader.GetString(12),
            Channel = StoredNames.Parse<NotificationChannel>(reader.GetString(13), row),
            Address = reader.GetString(14),
            Secret = reader.GetStringOrNull(15),
            CreatedBy = reader.GetString(16),
            CreatedAt = reader.GetTime(17),
        };
    }
}
