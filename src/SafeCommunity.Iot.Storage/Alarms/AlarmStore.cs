using System.Globalization;
using System.Text.Json;
using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Alarms;

/// <summary>
/// Stored alarms, their numbered events and theft reports in the gateway database. Alarm events are written by
/// <see cref="State.StateAndAlarmWriter.Commit"/> in the committer's transaction; this class reads them, and writes
/// theft reports. Every call opens its own pooled connection, so any thread may call, and reads run alongside a
/// commit (they see the last committed batch).
/// </summary>
/// <remarks>
/// Times come back in UTC, to the millisecond. An event's alarm is the snapshot stored with it, exactly as it was
/// after the event; <see cref="FindAlarm"/> and <see cref="LoadStartState"/> read the <c>alarms</c> row, which holds
/// the snapshot of the alarm's latest event.
/// </remarks>
public sealed class AlarmStore : IAlarmStore
{
    /// <summary>The most events <see cref="EventsAfter"/> returns at once.</summary>
    public const int MaxEventsPerRead = 10_000;

    private const string SelectAlarmColumns = """
        SELECT id, kind, severity, condition_key, device_id, receiver_id, subject, home_community, seen_community,
               lat, lon, accuracy_m, source, location_at, receiver_ids, first_seen, last_seen, count, state,
               acknowledged_by, acknowledged_at, resolved_by, resolved_at, resolution_note, escalated_at, detail
        FROM alarms
        """;

    private const string SelectEventColumns = "SELECT sequence, type, at, actor, snapshot FROM alarm_events";

    // The WHERE clause is the one of the partial index alarms_active, so the query walks the few active alarms in
    // the index instead of every alarm ever raised. No ORDER BY id: SQLite would rather scan the table in rowid
    // order than sort; the caller's list is sorted in memory instead.
    internal const string SelectActiveAlarmsSql = SelectAlarmColumns + " WHERE state <> 'resolved';";

    private const string SelectLastNumbersSql = "SELECT last_sequence, last_alarm_id FROM alarm_counters WHERE id = 1;";

    private const string ReserveAlarmIdsSql = """
        UPDATE alarm_counters SET last_alarm_id = last_alarm_id + @count WHERE id = 1 RETURNING last_alarm_id;
        """;

    private const string SelectTheftColumns = """
        SELECT id, device_id, police_report_number, stolen_at, last_seen_place, description, reported_by, reported_at,
               recovered_at
        FROM theft_reports
        """;

    private const string InsertTheftSql = """
        INSERT INTO theft_reports (device_id, police_report_number, stolen_at, last_seen_place, description, reported_by,
                                   reported_at, recovered_at)
        VALUES (@device_id, @police_report_number, @stolen_at, @last_seen_place, @description, @reported_by,
                @reported_at, @recovered_at)
        RETURNING id;
        """;

    private const string UpdateTheftSql = """
        UPDATE theft_reports SET device_id = @device_id, police_report_number = @police_report_number,
            stolen_at = @stolen_at, last_seen_place = @last_seen_place, description = @description,
            reported_by = @reported_by, reported_at = @reported_at, recovered_at = @recovered_at
        WHERE id = @id;
        """;

    private readonly GatewayDatabase _database;
    private readonly ILogger _logger;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public AlarmStore(GatewayDatabase database, ILogger<AlarmStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger ?? NullLogger<AlarmStore>.Instance;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Active means not resolved (open or acknowledged), ordered by id. The alarms and the two numbers are read in
    /// one transaction, so they belong to the same committed batch.
    /// </remarks>
    /// <exception cref="InvalidDataException">A row holds a kind or state this code does not know.</exception>
    public AlarmStartState LoadStartState()
    {
        using var connection = _database.OpenConnection();
        using var transaction = _database.Dialect.BeginRead(connection);
        var active = new List<Alarm>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = SelectActiveAlarmsSql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                active.Add(ReadAlarm(reader));
            }
        }

        active.Sort(static (left, right) => left.Id.CompareTo(right.Id));
        long lastSequence;
        long lastAlarmId;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = SelectLastNumbersSql;
            using var reader = command.ExecuteReader();
            reader.Read();
            lastSequence = reader.GetInt64(0);
            lastAlarmId = reader.GetInt64(1);
        }

        transaction.Commit();
        StorageLog.AlarmStartStateLoaded(_logger, active.Count, lastSequence, lastAlarmId);
        return new AlarmStartState(active, lastSequence, lastAlarmId);
    }

    /// <inheritdoc />
    /// <remarks>One short write transaction of its own, committed before the ids are used.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public long ReserveAlarmIds(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var connection = _database.OpenConnection();
        using var transaction = _database.Dialect.BeginWrite(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReserveAlarmIdsSql;
        command.AddWithValue("@count", (long)count);
        var last = (long)command.ExecuteScalar()!;
        transaction.Commit();
        return last;
    }

    /// <inheritdoc />
    /// <param name="afterSequence">The last sequence number the caller has (0 for the beginning).</param>
    /// <param name="limit">1 to <see cref="MaxEventsPerRead"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterSequence"/> is negative or <paramref name="limit"/> is outside 1..<see cref="MaxEventsPerRead"/>.</exception>
    public IReadOnlyList<AlarmEvent> EventsAfter(long afterSequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxEventsPerRead);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectEventColumns + " WHERE sequence > @after ORDER BY sequence LIMIT @limit;";
        command.AddWithValue("@after", afterSequence);
        command.AddWithValue("@limit", (long)limit);
        return ReadEvents(command);
    }

    /// <inheritdoc />
    public IReadOnlyList<AlarmEvent> EventsOf(long alarmId)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectEventColumns + " WHERE alarm_id = @alarm_id ORDER BY sequence;";
        command.AddWithValue("@alarm_id", alarmId);
        return ReadEvents(command);
    }

    /// <inheritdoc />
    /// <returns>The alarm as its latest stored event left it, or null when no alarm has that id.</returns>
    public Alarm? FindAlarm(long alarmId)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectAlarmColumns + " WHERE id = @id;";
        command.AddWithValue("@id", alarmId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadAlarm(reader) : null;
    }

    /// <inheritdoc />
    /// <remarks>Walks the alarms by id, newest first; the filters are SQL conditions on indexed or small columns.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1..<see cref="MaxEventsPerRead"/>.</exception>
    public IReadOnlyList<Alarm> ListAlarms(AlarmQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxEventsPerRead);
        if (query.CommunityIds is { Count: 0 } || query.DeviceIds is { Count: 0 } || query.Kinds is { Count: 0 })
        {
            return [];
        }

        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (query.CommunityIds is { } communities)
        {
            var names = AddList(command, "c", communities.Select(c => (object)c));
            conditions.Add($"(home_community IN ({names}) OR seen_community IN ({names}))");
        }

        if (query.DeviceIds is { } devices)
        {
            conditions.Add($"device_id IN ({AddList(command, "d", devices.Select(d => (object)(long)d))})");
        }

        if (query.Kinds is { } kinds)
        {
            conditions.Add($"kind IN ({AddList(command, "k", kinds.Select(k => (object)StoredNames.Name(k)))})");
        }

        if (query.MinimumSeverity is { } minimum)
        {
            conditions.Add("severity >= @severity");
            command.AddWithValue("@severity", (long)minimum);
        }

        if (query.ActiveOnly)
        {
            conditions.Add("state <> 'resolved'");
        }

        if (query.RaisedFrom is { } raisedFrom)
        {
            conditions.Add("first_seen >= @raised_from");
            command.AddWithValue("@raised_from", DbValues.ToUnixMilliseconds(raisedFrom));
        }

        if (query.RaisedBefore is { } raisedBefore)
        {
            conditions.Add("first_seen < @raised_before");
            command.AddWithValue("@raised_before", DbValues.ToUnixMilliseconds(raisedBefore));
        }

        if (query.BeforeId is { } before)
        {
            conditions.Add("id < @before");
            command.AddWithValue("@before", before);
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = SelectAlarmColumns + where + " ORDER BY id DESC LIMIT @limit;";
        command.AddWithValue("@limit", (long)query.Limit);
        var alarms = new List<Alarm>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            alarms.Add(ReadAlarm(reader));
        }

        return alarms;
    }

    /// <summary>Adds one parameter per value and returns their names, comma-separated, for an IN list.</summary>
    private static string AddList(DbCommand command, string prefix, IEnumerable<object> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@{prefix}{names.Count}");
            command.AddWithValue(name, value);
            names.Add(name);
        }

        return string.Join(", ", names);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An <see cref="TheftReport.Id"/> of 0 adds the report and returns it with its new id; a positive id replaces
    /// every field of that stored report (marking the bike recovered is an update with
    /// <see cref="TheftReport.RecoveredAt"/> set). Times are stored to the millisecond in UTC, and the report comes
    /// back that way. The in-memory <see cref="DeviceRegistry"/> is not touched: apply the returned report to it
    /// (<see cref="DeviceRegistry.ApplyTheft"/>) once this returns.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The id is negative.</exception>
    /// <exception cref="KeyNotFoundException">The id is positive but no stored report has it; nothing was written.</exception>
    /// <exception cref="TheftAlreadyReportedException">A new report for a bike that has an open one; nothing was written.</exception>
    /// <exception cref="DbException">A constraint failed (device id 0, a null required field); nothing was written.</exception>
    public TheftReport SaveTheft(TheftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(report.Id);
        var stored = report with
        {
            StolenAt = DbValues.AsStored(report.StolenAt),
            ReportedAt = DbValues.AsStored(report.ReportedAt),
            RecoveredAt = report.RecoveredAt is { } recovered ? DbValues.AsStored(recovered) : null,
        };

        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.AddWithValue("@device_id", (long)report.DeviceId);
        command.AddWithValue("@police_report_number", DbValues.OrNull(report.PoliceReportNumber));
        command.AddWithValue("@stolen_at", DbValues.ToUnixMilliseconds(report.StolenAt));
        command.AddWithValue("@last_seen_place", DbValues.OrNull(report.LastSeenPlace));
        command.AddWithValue("@description", DbValues.OrNull(report.Description));
        command.AddWithValue("@reported_by", DbValues.OrNull(report.ReportedBy));
        command.AddWithValue("@reported_at", DbValues.ToUnixMilliseconds(report.ReportedAt));
        command.AddWithValue("@recovered_at", DbValues.OrNull(report.RecoveredAt));
        if (report.Id == 0)
        {
            command.CommandText = InsertTheftSql;
            long id;
            try
            {
                id = (long)command.ExecuteScalar()!;
            }
            catch (DbException exception) when (_database.Dialect.IsUniqueViolation(exception))
            {
                // theft_reports_one_open: the bike has an open report.
                throw new TheftAlreadyReportedException(report.DeviceId, exception);
            }

            StorageLog.TheftReported(_logger, id, report.DeviceId);
            return stored with { Id = id };
        }

        command.CommandText = UpdateTheftSql;
        command.AddWithValue("@id", report.Id);
        if (command.ExecuteNonQuery() == 0)
        {
            throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture,
                $"There is no theft report {report.Id} to update; a new report must have id 0."));
        }

        StorageLog.TheftUpdated(_logger, report.Id, report.DeviceId, report.RecoveredAt is not null);
        return stored;
    }

    /// <inheritdoc />
    /// <remarks>Ordered by id, oldest first: applied to the registry in this order, a device's newest report wins.</remarks>
    public IReadOnlyList<TheftReport> LoadActiveThefts() => ReadThefts(" WHERE recovered_at IS NULL ORDER BY id;", null);

    /// <inheritdoc />
    public IReadOnlyList<TheftReport> TheftsOf(uint deviceId) => ReadThefts(" WHERE device_id = @device_id ORDER BY id DESC;", deviceId);

    private List<TheftReport> ReadThefts(string condition, uint? deviceId)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectTheftColumns + condition;
        if (deviceId is { } id)
        {
            command.AddWithValue("@device_id", (long)id);
        }

        using var reader = command.ExecuteReader();
        var reports = new List<TheftReport>();
        while (reader.Read())
        {
            reports.Add(new TheftReport
            {
                Id = reader.GetInt64(0),
                DeviceId = (uint)reader.GetInt64(1),
                PoliceReportNumber = reader.GetString(2),
                StolenAt = reader.GetTime(3),
                LastSeenPlace = reader.GetStringOrNull(4),
                Description = reader.GetStringOrNull(5),
                ReportedBy = reader.GetString(6),
                ReportedAt = reader.GetTime(7),
                RecoveredAt = reader.GetTimeOrNull(8),
            });
        }

        return reports;
    }

    private static List<AlarmEvent> ReadEvents(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var events = new List<AlarmEvent>();
        while (reader.Read())
        {
            var sequence = reader.GetInt64(0);
            var row = string.Create(CultureInfo.InvariantCulture, $"alarm event {sequence}");
            var snapshot = JsonSerializer.Deserialize(reader.GetString(4), StorageJson.Snapshot)
                ?? throw new InvalidDataException($"The database holds an empty snapshot in {row}.");
            events.Add(new AlarmEvent(
                Sequence: sequence,
                Type: StoredNames.Parse<AlarmEventType>(reader.GetString(1), row),
                At: reader.GetTime(2),
                Alarm: snapshot.ToAlarm(),
                Actor: reader.GetStringOrNull(3)));
        }

        return events;
    }

    private static Alarm ReadAlarm(DbDataReader reader)
    {
        var id = reader.GetInt64(0);
        var row = string.Create(CultureInfo.InvariantCulture, $"alarm {id}");
        var severity = (AlarmSeverity)reader.GetInt64(2);
        if (!Enum.IsDefined(severity))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The database holds the unknown {nameof(AlarmSeverity)} {(long)severity} in {row}."));
        }

        // NaN is stored as NULL: a location with any part missing is no location.
        Location? location = null;
        if (!reader.IsDBNull(9) && !reader.IsDBNull(10) && !reader.IsDBNull(11) && !reader.IsDBNull(12) && !reader.IsDBNull(13))
        {
            location = new Location(
                new GeoPoint(reader.GetDouble(9), reader.GetDouble(10)),
                reader.GetDouble(11),
                (LocationSource)reader.GetInt64(12),
                reader.GetTime(13));
        }

        return new Alarm
        {
            Id = id,
            Kind = StoredNames.Parse<AlarmKind>(reader.GetString(1), row),
            Severity = severity,
            ConditionKey = reader.GetString(3),
            DeviceId = reader.GetInt64OrNull(4) is { } deviceId ? (uint)deviceId : null,
            ReceiverId = reader.GetStringOrNull(5),
            Subject = reader.GetString(6),
            HomeCommunityId = reader.GetString(7),
            SeenCommunityId = reader.GetStringOrNull(8),
            Location = location,
            ReceiverIds = JsonSerializer.Deserialize(reader.GetString(14), StorageJson.Strings) ?? [],
            FirstSeen = reader.GetTime(15),
            LastSeen = reader.GetTime(16),
            Count = checked((int)reader.GetInt64(17)),
            State = StoredNames.Parse<AlarmState>(reader.GetString(18), row),
            AcknowledgedBy = reader.GetStringOrNull(19),
            AcknowledgedAt = reader.GetTimeOrNull(20),
            ResolvedBy = reader.GetStringOrNull(21),
            ResolvedAt = reader.GetTimeOrNull(22),
            ResolutionNote = reader.GetStringOrNull(23),
            EscalatedAt = reader.GetTimeOrNull(24),
            Detail = reader.GetStringOrNull(25),
        };
    }
}
