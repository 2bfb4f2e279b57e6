using System.Text.Json;
using System.Data;
using System.Data.Common;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Alarms;

/// <summary>
/// Writes a batch's alarm events on the committer's connection, inside the batch's transaction: one
/// <c>alarm_events</c> row per event and, per alarm, its latest snapshot into <c>alarms</c>. Events are rare next
/// to device states, so this favours plain code over speed, but it still uses statements prepared once.
/// </summary>
internal sealed class AlarmEventWriter : IDisposable
{
    // Parameters are numbered; BindAlarm follows this column order.
    private const string UpsertAlarmSql = """
        INSERT INTO alarms (id, kind, severity, condition_key, device_id, receiver_id, subject, home_community,
                            seen_community, lat, lon, accuracy_m, source, location_at, receiver_ids, first_seen,
                            last_seen, count, state, acknowledged_by, acknowledged_at, resolved_by, resolved_at,
                            resolution_note, escalated_at, detail, last_sequence)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                ?23, ?24, ?25, ?26, ?27)
        ON CONFLICT (id) DO UPDATE SET
            kind = excluded.kind, severity = excluded.severity, condition_key = excluded.condition_key,
            device_id = excluded.device_id, receiver_id = excluded.receiver_id, subject = excluded.subject,
            home_community = excluded.home_community, seen_community = excluded.seen_community, lat = excluded.lat,
            lon = excluded.lon, accuracy_m = excluded.accuracy_m, source = excluded.source,
            location_at = excluded.location_at, receiver_ids = excluded.receiver_ids, first_seen = excluded.first_seen,
            last_seen = excluded.last_seen, count = excluded.count, state = excluded.state,
            acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at,
            resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at,
            resolution_note = excluded.resolution_note, escalated_at = excluded.escalated_at, detail = excluded.detail,
            last_sequence = excluded.last_sequence;
        """;

    // A plain INSERT: a sequence number that is already stored (or twice in the batch) violates the primary key and
    // fails the whole batch. Skipping it (OR IGNORE) would hide a lifecycle bug and let two events share a number.
    private const string InsertEventSql = """
        INSERT INTO alarm_events (sequence, alarm_id, type, at, actor, kind, severity, device_id, home_community,
                                  seen_community, snapshot)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);
        """;

    private static readonly DbType[] AlarmTypes =
    [
        DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String,
        DbType.String, DbType.Double, DbType.Double, DbType.Double, DbType.Int64, DbType.Int64, DbType.String, DbType.Int64,
        DbType.Int64, DbType.Int64, DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.Int64, DbType.String,
        DbType.Int64, DbType.String, DbType.Int64,
    ];

    private static readonly DbType[] EventTypes =
    [
        DbType.Int64, DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.Int64, DbType.Int64,
        DbType.String, DbType.String, DbType.String,
    ];

    private readonly IBatchStatement _upsertAlarm;
    private readonly IBatchStatement _insertEvent;
    private DbTransaction? _transaction;

    public AlarmEventWriter(DbConnection connection, SqlDialect dialect)
    {
        _upsertAlarm = dialect.Prepare(connection, UpsertAlarmSql, AlarmTypes);
        try
        {
            _insertEvent = dialect.Prepare(connection, InsertEventSql, EventTypes);
        }
        catch
        {
            _upsertAlarm.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="events"/> (in sequence order) inside the caller's open <paramref name="transaction"/>.</summary>
    public void Write(IReadOnlyList<AlarmEvent> events, DbTransaction transaction)
    {
        _transaction = transaction;
        try
        {
            WriteAll(events);
        }
        finally
        {
            _transaction = null;
        }
    }

    public void Dispose()
    {
        _upsertAlarm.Dispose();
        _insertEvent.Dispose();
    }

    private void WriteAll(IReadOnlyList<AlarmEvent> events)
    {
        // The alarms first: every event row refers to its alarm. When an alarm has several events in the batch,
        // the last one (the highest sequence number) is its current state.
        var latest = new Dictionary<long, AlarmEvent>(events.Count);
        foreach (var alarmEvent in events)
        {
            ArgumentNullException.ThrowIfNull(alarmEvent);
            ArgumentNullException.ThrowIfNull(alarmEvent.Alarm);
            latest[alarmEvent.Alarm.Id] = alarmEvent;
        }

        foreach (var alarmEvent in latest.Values)
        {
            UpsertAlarm(alarmEvent.Alarm, alarmEvent.Sequence);
        }

        foreach (var alarmEvent in events)
        {
            InsertEvent(alarmEvent);
        }
    }

    private void UpsertAlarm(Alarm alarm, long sequence)
    {
        var statement = _upsertAlarm;
        statement.Bind(1, alarm.Id);
        statement.Bind(2, StoredNames.Name(alarm.Kind));
        statement.Bind(3, (long)alarm.Severity);
        statement.Bind(4, alarm.ConditionKey);
        statement.BindOrNull(5, alarm.DeviceId);
        statement.BindOrNull(6, alarm.ReceiverId);
        statement.Bind(7, alarm.Subject);
        statement.Bind(8, alarm.HomeCommunityId);
        statement.BindOrNull(9, alarm.SeenCommunityId);
        if (alarm.Location is { } location)
        {
            statement.Bind(10, location.Point.Latitude);
            statement.Bind(11, location.Point.Longitude);
            statement.Bind(12, location.AccuracyMetres);
            statement.Bind(13, (long)location.Source);
            statement.Bind(14, DbValues.ToUnixMilliseconds(location.At));
        }
        else
        {
            for (var column = 10; column <= 14; column++)
            {
                statement.BindNull(column);
            }
        }

        string[] receiverIds = [.. alarm.ReceiverIds ?? []];
        statement.Bind(15, JsonSerializer.Serialize(receiverIds, StorageJson.Strings));
        statement.Bind(16, DbValues.ToUnixMilliseconds(alarm.FirstSeen));
        statement.Bind(17, DbValues.ToUnixMilliseconds(alarm.LastSeen));
        statement.Bind(18, alarm.Count);
        statement.Bind(19, StoredNames.Name(alarm.State));
        statement.BindOrNull(20, alarm.AcknowledgedBy);
        statement.BindOrNull(21, ToMilliseconds(alarm.AcknowledgedAt));
        statement.BindOrNull(22, alarm.ResolvedBy);
        statement.BindOrNull(23, ToMilliseconds(alarm.ResolvedAt));
        statement.BindOrNull(24, alarm.ResolutionNote);
        statement.BindOrNull(25, ToMilliseconds(alarm.EscalatedAt));
        statement.BindOrNull(26, alarm.Detail);
        statement.Bind(27, sequence);
        statement.Execute(_transaction!);
    }

    private void InsertEvent(AlarmEvent alarmEvent)
    {
        var alarm = alarmEvent.Alarm;
        var statement = _insertEvent;
        statement.Bind(1, alarmEvent.Sequence);
        statement.Bind(2, alarm.Id);
        statement.Bind(3, StoredNames.Name(alarmEvent.Type));
        statement.Bind(4, DbValues.ToUnixMilliseconds(alarmEvent.At));
        statement.BindOrNull(5, alarmEvent.Actor);
        statement.Bind(6, StoredNames.Name(alarm.Kind));
        statement.Bind(7, (long)alarm.Severity);
        statement.BindOrNull(8, alarm.DeviceId);
        statement.Bind(9, alarm.HomeCommunityId);
        statement.BindOrNull(10, alarm.SeenCommunityId);
        statement.Bind(11, JsonSerializer.Serialize(AlarmSnapshot.From(alarm), StorageJson.Snapshot));
        statement.Execute(_transaction!);
    }

    private static long? ToMilliseconds(DateTimeOffset? time) => time is { } value ? DbValues.ToUnixMilliseconds(value) : null;
}
