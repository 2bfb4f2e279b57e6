using System.Data;
using System.Data.Common;
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
            last_seen = ?7, last_receiver_id = ?8, lat = ?9, lon = ?10, accuracy_m = ?11, source = ?12, location_at = ?13
        WHERE device_id = ?1 AND last_counter <= ?2;
        """;

    private const string InsertStateSql = """
        INSERT INTO device_state (device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen,
                                  last_receiver_id, lat, lon, accuracy_m, source, location_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (device_id) DO NOTHING;
        """;

    // The same in one statement, for a pipeline that does not wait for each row's answer: the conflict's update is
    // conditional on the counter just as the update above.
    private const string UpsertStateSql = """
        INSERT INTO device_state (device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen,
                                  last_receiver_id, lat, lon, accuracy_m, source, location_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (device_id) DO UPDATE SET last_counter = excluded.last_counter, seen_window = excluded.seen_window,
            last_accepted_at = excluded.last_accepted_at, flags = excluded.flags, battery = excluded.battery,
            last_seen = excluded.last_seen, last_receiver_id = excluded.last_receiver_id, lat = excluded.lat,
            lon = excluded.lon, accuracy_m = excluded.accuracy_m, source = excluded.source,
            location_at = excluded.location_at
        WHERE device_state.last_counter <= excluded.last_counter;
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
        DbType.Double, DbType.Double, DbType.Double, DbType.Int64, DbType.Int64,
    ];

    private static readonly DbType[] TrailTypes =
        [DbType.Int64, DbType.Int64, DbType.Double, DbType.Double, DbType.Double, DbType.Int64, DbType.String];

    private readonly DbConnection _connection;
    private readonly SqlDialect _dialect;
    private readonly StatementPipeline? _pipeline;
    private readonly IBatchStatement? _upsertState;
    private readonly IBatchStatement? _updateState;
    private readonly IBatchStatement? _insertState;
    private readonly IBatchStatement _insertTrail;
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
        }
        else
        {
            // In the process (SQLite): each row is a call; the update alone is the cheapest for a known device.
            _updateState = dialect.Prepare(connection, UpdateStateSql, StateTypes);
            _insertState = dialect.Prepare(connection, InsertStateSql, StateTypes);
            _insertTrail = dialect.Prepare(connection, InsertTrailSql, TrailTypes);
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
            }

            foreach (var state in batch.States)
            {
                WriteState(state);
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
        _alarmEvents.Dispose();
        _outbox.Dispose();
        _connection.Dispose();
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
        if (state.LastLocation is { } location)
        {
            statement.Bind(9, location.Point.Latitude);
            statement.Bind(10, location.Point.Longitude);
            statement.Bind(11, location.AccuracyMetres);
            statement.Bind(12, (long)location.Source);
            statement.Bind(13, DbValues.ToUnixMilliseconds(location.At));
        }
        else
        {
            for (var column = 9; column <= 13; column++)
            {
                statement.BindNull(column);
            }
        }

        return statement;
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
