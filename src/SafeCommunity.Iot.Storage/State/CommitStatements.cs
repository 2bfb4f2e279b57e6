using System.Data;
using System.Data.Common;
using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Notifications;

namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// The committer's own connection with its statements prepared once and reused for every row: on the hot
/// path a batch holds thousands of rows, and anything paid per row counts. A batch's alarm events go through
/// <see cref="AlarmEventWriter"/> on the same connection, in the same transaction. The SQL is the same for every
/// engine; the dialect prepares it (SQLite binds through its own API, PostgreSQL runs server-side prepared statements).
/// </summary>
internal sealed class CommitStatements : IDisposable
{
    // Parameters are numbered; BindState follows this column order. A device's row exists after its first frame,
    // so the committer updates, and inserts only when the update found no row: an update is one seek, where an upsert
    // first tries the insert, finds the conflict and then updates (about twice the CPU per row, measured with the
    // sqlite3 shell on a 140,000-row table).
    // The stored frame counter never goes back: the update is conditional on it, in the one statement (no read
    // before the write), so a state with a lower counter than the stored one (written meanwhile by another writer of
    // the same database) changes nothing, and the insert after an update that changed nothing adds the row only when
    // there is none.
    private const string UpdateStateSql = """
        UPDATE device_state SET last_counter = ?2, seen_window = ?3, last_accepted_at = ?4, flags = ?5, battery = ?6,
            last_seen = ?7, last_receiver_id = ?8, lat = ?9, lon = ?10, accuracy_m = ?11, source = ?12, location_at = ?13,
            rules = ?14
        WHERE device_id = ?1 AND last_counter <= ?2;
        """;

    private const string InsertStateSql = """
        INSERT INTO device_state (device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen,
                                  last_receiver_id, lat, lon, accuracy_m, source, location_at, rules)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        ON CONFLICT (device_id) DO NOTHING;
        """;

    // The same in one statement, for a pipeline that does not wait for each row's answer: the conflict's update is
    // conditional on the counter just as the update above.
    private const string UpsertStateSql = """
        INSERT INTO device_state (device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen,
                                  last_receiver_id, lat, lon, accuracy_m, source, location_at, rules)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        ON CONFLICT (device_id) DO UPDATE SET last_counter = excluded.last_counter, seen_window = excluded.seen_window,
            last_accepted_at = excluded.last_accepted_at, flags = excluded.flags, battery = excluded.battery,
            last_seen = excluded.last_seen, last_receiver_id = excluded.last_receiver_id, lat = excluded.lat,
            lon = excluded.lon, accuracy_m = excluded.accuracy_m, source = excluded.source,
            location_at = excluded.location_at, rules = excluded.rules
        WHERE device_state.last_counter <= excluded.last_counter;
        """;

    // A frame counter taken once by whichever of the gateways sharing the store comes first: one conditional upsert that
    // works out the device's new window from the stored one (the same arithmetic as the pipeline's ReplayWindow: bit i
    // of seen_window is counter last_counter - 1 - i) and changes nothing, reporting no row, when the counter is the
    // newest already, was taken already, or is older than the window reaches. Shifts are spelled out for 64 and more,
    // as neither engine defines them. ?1 device, ?2 counter, ?3 received at, ?4 window size, ?5 receptions.
    private const string ClaimCounterSql = """
        INSERT INTO device_state (device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen,
                                  last_receiver_id, receptions)
        VALUES (?1, ?2, 0, ?3, 0, 127, ?3, '', ?5)
        ON CONFLICT (device_id) DO UPDATE SET
            seen_window = CASE
                WHEN excluded.last_counter < device_state.last_counter THEN device_state.seen_window
                    | (CAST(1 AS BIGINT) << CAST(device_state.last_counter - 1 - excluded.last_counter AS INTEGER))
                WHEN excluded.last_counter - device_state.last_counter > 64 THEN 0
                WHEN excluded.last_counter - device_state.last_counter = 64 THEN CAST(1 AS BIGINT) << 63
                ELSE (device_state.seen_window << CAST(excluded.last_counter - device_state.last_counter AS INTEGER))
                    | (CAST(1 AS BIGINT) << CAST(excluded.last_counter - device_state.last_counter - 1 AS INTEGER))
                END,
            last_counter = CASE WHEN excluded.last_counter > device_state.last_counter
                THEN excluded.last_counter ELSE device_state.last_counter END,
            last_accepted_at = CASE WHEN excluded.last_counter > device_state.last_counter
                THEN excluded.last_accepted_at ELSE device_state.last_accepted_at END,
            receptions = CASE WHEN excluded.last_counter > device_state.last_counter
                THEN excluded.receptions ELSE device_state.receptions END
        WHERE excluded.last_counter > device_state.last_counter
            OR (excluded.last_counter < device_state.last_counter
                AND device_state.last_counter - 1 - excluded.last_counter < ?4
                AND ((device_state.seen_window >> CAST(device_state.last_counter - 1 - excluded.last_counter AS INTEGER)) & 1) = 0);
        """;

    // What a claim that took nothing found instead; its row is locked by the claim until the commit.
    private const string StoredFrameSql = """
        SELECT last_counter, last_accepted_at, receptions FROM device_state WHERE device_id = @id;
        """;

    // A device's state where the counters are claimed: everything but the counters, and only while the state's newest
    // frame is the store's. Another gateway may have taken a later counter of the device, or this gateway's shard may
    // have taken for new a frame the store holds as late: either way that state is not the device's latest.
    private const string UpdateClaimedStateSql = """
        UPDATE device_state SET flags = ?2, battery = ?3, last_seen = ?4, last_receiver_id = ?5, lat = ?6, lon = ?7,
            accuracy_m = ?8, source = ?9, location_at = ?10, rules = ?12
        WHERE device_id = ?1 AND last_counter = ?11;
        """;

    // A rule memory the clock changed (a crossing confirmed, a silence reported), unless the device was heard after
    // the rules last knew: then a frame's state wrote a newer memory. ?1 device, ?2 memory, ?3 last heard.
    private const string UpdateRulesSql = """
        UPDATE device_state SET rules = ?2 WHERE device_id = ?1 AND last_seen <= ?3;
        """;

    // One frame's receptions merged across gateways, with the location they give, while it is the device's newest.
    private const string MergeReceptionsSql = """
        UPDATE device_state SET receptions = ?3 WHERE device_id = ?1 AND last_counter = ?2;
        """;

    private const string MergeLocatedSql = """
        UPDATE device_state SET receptions = ?3, lat = ?4, lon = ?5, accuracy_m = ?6, source = ?7, location_at = ?8
        WHERE device_id = ?1 AND last_counter = ?2;
        """;

    // The batch's alarm event numbers, taken in its transaction: on PostgreSQL the row stays locked until the commit,
    // so gateways sharing the store commit their events in the order of their numbers, and a reader following the
    // sequence never sees a later number before an earlier one.
    private const string TakeSequencesSql = """
        UPDATE alarm_counters SET last_sequence = last_sequence + @count WHERE id = 1 RETURNING last_sequence;
        """;

    private const string InsertTrailSql = """
        INSERT INTO trail (device_id, at, lat, lon, accuracy_m, source, receiver_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
        """;

    // The parameter types of the state statements, in the order of their numbers (for engines that prepare typed).
    private static readonly DbType[] StateTypes =
    [
        DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.String,
        DbType.Double, DbType.Double, DbType.Double, DbType.Int64, DbType.Int64, DbType.String,
    ];

    private static readonly DbType[] ClaimTypes = [DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.String];

    private static readonly DbType[] ClaimedStateTypes =
    [
        DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.String, DbType.Double, DbType.Double, DbType.Double,
        DbType.Int64, DbType.Int64, DbType.Int64, DbType.String,
    ];

    private static readonly DbType[] RulesTypes = [DbType.Int64, DbType.String, DbType.Int64];

    private static readonly DbType[] MergeTypes =
        [DbType.Int64, DbType.Int64, DbType.String, DbType.Double, DbType.Double, DbType.Double, DbType.Int64, DbType.Int64];

    private static readonly DbType[] TrailTypes =
        [DbType.Int64, DbType.Int64, DbType.Double, DbType.Double, DbType.Double, DbType.Int64, DbType.String];

    private readonly DbConnection _connection;
    private readonly SqlDialect _dialect;
    private readonly StatementPipeline? _pipeline;
    private readonly IBatchStatement? _upsertState;
    private readonly IBatchStatement? _updateState;
    private readonly IBatchStatement? _insertState;
    private readonly IBatchStatement _insertTrail;
    private readonly IBatchStatement _claimCounter;
    private readonly IBatchStatement _updateClaimedState;
    private readonly IBatchStatement _mergeReceptions;
    private readonly IBatchStatement _mergeLocated;
    private readonly IBatchStatement _updateRules;
    private readonly List<int> _claimsTaken = [];
    private readonly List<long> _lockedDevices = [];
    private readonly AlarmEventWriter _alarmEvents;
    private readonly NotificationOutboxWriter _outbox;
    private readonly IAlarmEventPlanner? _planner;
    private DbTransaction? _transaction;

    public CommitStatements(DbConnection connection, SqlDialect dialect, IAlarmEventPlanner? planner)
    {
        _connection = connection;
        _dialect = dialect;
        _planner = planner;
        dialect.ConfigureCommitter(connection);
        if (connection.CanCreateBatch)
        {
            // A server (PostgreSQL): the states and trail points go in one round trip, not one per row.
            _pipeline = new StatementPipeline(connection);
            _upsertState = _pipeline.Statement(dialect.Positional(UpsertStateSql), StateTypes);
            _insertTrail = _pipeline.Statement(dialect.Positional(InsertTrailSql), TrailTypes);
            _claimCounter = _pipeline.Statement(dialect.Positional(ClaimCounterSql), ClaimTypes);
            _updateClaimedState = _pipeline.Statement(dialect.Positional(UpdateClaimedStateSql), ClaimedStateTypes);
            _mergeReceptions = _pipeline.Statement(dialect.Positional(MergeReceptionsSql), MergeTypes[..3]);
            _mergeLocated = _pipeline.Statement(dialect.Positional(MergeLocatedSql), MergeTypes);
            _updateRules = _pipeline.Statement(dialect.Positional(UpdateRulesSql), RulesTypes);
        }
        else
        {
            // In the process (SQLite): each row is a call; the update alone is the cheapest for a known device.
            _updateState = dialect.Prepare(connection, UpdateStateSql, StateTypes);
            _insertState = dialect.Prepare(connection, InsertStateSql, StateTypes);
            _insertTrail = dialect.Prepare(connection, InsertTrailSql, TrailTypes);
            _claimCounter = dialect.Prepare(connection, ClaimCounterSql, ClaimTypes);
            _updateClaimedState = dialect.Prepare(connection, UpdateClaimedStateSql, ClaimedStateTypes);
            _mergeReceptions = dialect.Prepare(connection, MergeReceptionsSql, MergeTypes[..3]);
            _mergeLocated = dialect.Prepare(connection, MergeLocatedSql, MergeTypes);
            _updateRules = dialect.Prepare(connection, UpdateRulesSql, RulesTypes);
        }

        _alarmEvents = new AlarmEventWriter(connection, dialect);
        _outbox = new NotificationOutboxWriter(connection, dialect);
    }

    /// <summary>
    /// Writes the batch (states, trail points, alarm events and their notifications) in one write transaction (SQLite: IMMEDIATE) and commits
    /// it (durably under synchronous=FULL, or PostgreSQL's synchronous_commit=on). Any failing row, such as an alarm event whose sequence number is already taken,
    /// throws before the commit: the transaction rolls back and nothing of the batch is stored.
    /// </summary>
    public void Write(StateAndAlarmBatch batch)
    {
        using var transaction = _dialect.BeginWrite(_connection);
        _transaction = transaction;
        try
        {
            if (_pipeline is not null)
            {
                // Gateways sharing a server lock the rows of the devices they update; in one order (by device) two
                // batches with the same devices wait for each other instead of deadlocking.
                batch.States.Sort(static (left, right) => left.DeviceId.CompareTo(right.DeviceId));
                batch.RuleMemories.Sort(static (left, right) => left.DeviceId.CompareTo(right.DeviceId));
            }

            var claimed = batch.ClaimJudge is not null;
            if (claimed)
            {
                Claim(batch);
                batch.ClaimJudge!.Judge(batch);
            }

            foreach (var state in batch.States)
            {
                if (claimed)
                {
                    BindClaimedState(state).Execute(_transaction!);
                }
                else
                {
                    WriteState(state);
                }
            }

            foreach (var merge in batch.Merges)
            {
                BindMerge(merge).Execute(_transaction!);
            }

            foreach (var update in batch.RuleMemories)
            {
                _updateRules.Bind(1, update.DeviceId);
                BindRules(_updateRules, 2, update.Memory);
                _updateRules.Bind(3, DbValues.ToUnixMilliseconds(update.HeardAt));
                _updateRules.Execute(_transaction!);
            }

            foreach (var point in batch.Trail)
            {
                WriteTrailPoint(point);
            }

            _pipeline?.Flush(transaction);

            if (batch.AlarmEvents.Count > 0)
            {
                batch.NumberAlarmEvents(TakeSequences(batch.AlarmEvents.Count) - batch.AlarmEvents.Count + 1);
                _planner?.Plan(batch);
                _alarmEvents.Write(batch.AlarmEvents, transaction);
                if (_dialect.AlarmEventsStoredSql is { } storedSql)
                {
                    Execute(storedSql);
                }
            }

            // The notifications of the events above, in their transaction: the outbox holds a notice exactly when
            // the alarm stream holds its event (docs/notifications.md).
            if (batch.Notifications.Count > 0 || batch.EscalationsStopped.Count > 0)
            {
                var stoppedAt = batch.AlarmEvents.Count > 0 ? batch.AlarmEvents[^1].At : DateTimeOffset.UtcNow;
                _outbox.Write(batch.EscalationsStopped, batch.Notifications, stoppedAt, transaction);
            }

            transaction.Commit();
        }
        finally
        {
            _transaction = null;
            _pipeline?.Dispose();
        }
    }

    public void Dispose()
    {
        // Statements first: a pooled connection must not go back to the pool with statements still open on it.
        _pipeline?.Dispose();
        _upsertState?.Dispose();
        _updateState?.Dispose();
        _insertState?.Dispose();
        _insertTrail.Dispose();
        _claimCounter.Dispose();
        _updateClaimedState.Dispose();
        _mergeReceptions.Dispose();
        _mergeLocated.Dispose();
        _updateRules.Dispose();
        _alarmEvents.Dispose();
        _outbox.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// Runs the batch's claims and answers each (<see cref="StateAndAlarmBatch.ClaimAnswers"/>): null when it took the
    /// counter, else the device's stored newest frame. On a server the claims go in one round trip, after the lock of
    /// every device row the commit will touch (the states are filled only after the claims are judged, but only for
    /// devices claimed or already in the batch).
    /// </summary>
    private void Claim(StateAndAlarmBatch batch)
    {
        batch.ClaimAnswers.Clear();
        _claimsTaken.Clear();
        if (_pipeline is not null && _dialect.LockDeviceStatesSql is { } lockSql && batch.Claims.Count > 0)
        {
            _lockedDevices.Clear();
            foreach (var claim in batch.Claims)
            {
                _lockedDevices.Add(claim.DeviceId);
            }

            foreach (var state in batch.States)
            {
                _lockedDevices.Add(state.DeviceId);
            }

            _pipeline.Add(lockSql, _lockedDevices.Distinct().Order().ToArray());
        }

        foreach (var claim in batch.Claims)
        {
            _claimCounter.Bind(1, claim.DeviceId);
            _claimCounter.Bind(2, claim.Counter);
            _claimCounter.Bind(3, DbValues.ToUnixMilliseconds(claim.ReceivedAt));
            _claimCounter.Bind(4, batch.ClaimWindow);
            _claimCounter.Bind(5, JsonSerializer.Serialize([.. claim.Receptions], StorageJson.Receptions));
            var taken = _claimCounter.Execute(_transaction!);
            if (_pipeline is null)
            {
                _claimsTaken.Add(taken);
            }
        }

        if (_pipeline is not null)
        {
            _pipeline.Flush(_transaction!, _claimsTaken);

            // The lock's rows come first.
            if (_claimsTaken.Count > batch.Claims.Count)
            {
                _claimsTaken.RemoveAt(0);
            }
        }

        for (var i = 0; i < batch.Claims.Count; i++)
        {
            batch.ClaimAnswers.Add(_claimsTaken[i] > 0 ? null : ReadStoredFrame(batch.Claims[i].DeviceId));
        }
    }

    private StoredFrame ReadStoredFrame(uint deviceId)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = StoredFrameSql;
        command.AddWithValue("@id", (long)deviceId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            // A device removed meanwhile: nothing stored to merge with.
            return new StoredFrame(0, DateTimeOffset.MinValue, []);
        }

        var receptions = reader.GetStringOrNull(2) is { } json
            ? JsonSerializer.Deserialize(json, StorageJson.Receptions) ?? []
            : [];
        return new StoredFrame((uint)reader.GetInt64(0), DbValues.FromUnixMilliseconds(reader.GetInt64(1)), receptions);
    }

    private long TakeSequences(int count)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = TakeSequencesSql;
        command.AddWithValue("@count", (long)count);
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void WriteState(DeviceStateSnapshot state)
    {
        if (_upsertState is not null)
        {
            BindState(_upsertState, state).Execute(_transaction!);
        }
        else if (BindState(_updateState!, state).Execute(_transaction!) == 0)
        {
            BindState(_insertState!, state).Execute(_transaction!);
        }
    }

    private static IBatchStatement BindState(IBatchStatement statement, DeviceStateSnapshot state)
    {
        statement.Bind(1, state.DeviceId);
        statement.Bind(2, state.LastCounter);
        statement.Bind(3, DbValues.FromBits(state.SeenWindow));
        statement.Bind(4, DbValues.ToUnixMilliseconds(state.LastAcceptedAt));
        statement.Bind(5, (long)state.Flags);
        statement.Bind(6, state.Battery);
        statement.Bind(7, DbValues.ToUnixMilliseconds(state.LastSeen));
        statement.Bind(8, state.LastReceiverId);
        BindLocation(statement, 9, state.LastLocation);
        BindRules(statement, 14, state.Rules);
        return statement;
    }

    private IBatchStatement BindClaimedState(DeviceStateSnapshot state)
    {
        var statement = _updateClaimedState;
        statement.Bind(1, state.DeviceId);
        statement.Bind(2, (long)state.Flags);
        statement.Bind(3, state.Battery);
        statement.Bind(4, DbValues.ToUnixMilliseconds(state.LastSeen));
        statement.Bind(5, state.LastReceiverId);
        BindLocation(statement, 6, state.LastLocation);
        statement.Bind(11, state.LastCounter);
        BindRules(statement, 12, state.Rules);
        return statement;
    }

    private IBatchStatement BindMerge(FrameMerge merge)
    {
        var statement = merge.Location is null ? _mergeReceptions : _mergeLocated;
        statement.Bind(1, merge.DeviceId);
        statement.Bind(2, merge.Counter);
        statement.Bind(3, JsonSerializer.Serialize([.. merge.Receptions], StorageJson.Receptions));
        if (merge.Location is { } location)
        {
            BindLocation(statement, 4, location);
        }

        return statement;
    }

    private static void BindRules(IBatchStatement statement, int index, DeviceRuleMemory? rules)
    {
        if (rules is null)
        {
            statement.BindNull(index);
        }
        else
        {
            statement.Bind(index, JsonSerializer.Serialize(rules, StorageJson.Rules));
        }
    }

    /// <summary>Binds a location's five columns from <paramref name="first"/> on, or five NULLs.</summary>
    private static void BindLocation(IBatchStatement statement, int first, Location? location)
    {
        if (location is { } where)
        {
            statement.Bind(first, where.Point.Latitude);
            statement.Bind(first + 1, where.Point.Longitude);
            statement.Bind(first + 2, where.AccuracyMetres);
            statement.Bind(first + 3, (long)where.Source);
            statement.Bind(first + 4, DbValues.ToUnixMilliseconds(where.At));
        }
        else
        {
            for (var column = first; column < first + 5; column++)
            {
                statement.BindNull(column);
            }
        }
    }

    private void WriteTrailPoint(TrailPoint point)
    {
        var statement = _insertTrail;
        statement.Bind(1, point.DeviceId);
        statement.Bind(2, DbValues.ToUnixMilliseconds(point.Location.At));
        statement.Bind(3, point.Location.Point.Latitude);
        statement.Bind(4, point.Location.Point.Longitude);
        statement.Bind(5, point.Location.AccuracyMetres);
        statement.Bind(6, (long)point.Location.Source);
        statement.Bind(7, point.ReceiverId);
        statement.Execute(_transaction!);
    }
}
