using Microsoft.Data.Sqlite;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// The committer's own connection with its statements prepared once and reused for every row: on the hot
/// path a batch holds thousands of rows, and anything paid per row counts. A batch's alarm events go through
/// <see cref="AlarmEventWriter"/> on the same connection, in the same transaction.
/// </summary>
internal sealed class StateWriter : IDisposable
{
    // Parameters are numbered; the Bind calls below follow this column order.
    private const string UpsertStateSql = """
        INSERT INTO device_state (device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen,
                                  last_receiver_id, lat, lon, accuracy_m, source, location_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (device_id) DO UPDATE SET
            last_counter = excluded.last_counter, seen_window = excluded.seen_window,
            last_accepted_at = excluded.last_accepted_at, flags = excluded.flags, battery = excluded.battery,
            last_seen = excluded.last_seen, last_receiver_id = excluded.last_receiver_id, lat = excluded.lat,
            lon = excluded.lon, accuracy_m = excluded.accuracy_m, source = excluded.source,
            location_at = excluded.location_at;
        """;

    private const string InsertTrailSql = """
        INSERT INTO trail (device_id, at, lat, lon, accuracy_m, source, receiver_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
        """;

    // Only for the committer's connection. A 32 MiB page cache holds the device_state table of 140,000 devices
    // (about 10 MB) and the hot index pages, so an upsert seldom reads a page back from the file. No automatic
    // checkpoint: it would run inside a commit, on this thread, and hold the batch's alarms while the log is copied
    // and synced; WalCheckpointService checkpoints beside the committer instead.
    private const string WriterPragmas = "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0;";

    private readonly SqliteConnection _connection;
    private readonly PreparedStatement _upsertState;
    private readonly PreparedStatement _insertTrail;
    private readonly AlarmEventWriter _alarmEvents;

    public StateWriter(SqliteConnection connection)
    {
        _connection = connection;
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = WriterPragmas;
            pragmas.ExecuteNonQuery();
        }

        _upsertState = new PreparedStatement(connection, UpsertStateSql);
        _insertTrail = new PreparedStatement(connection, InsertTrailSql);
        _alarmEvents = new AlarmEventWriter(connection);
    }

    /// <summary>
    /// Writes the batch (states, trail points, alarm events) in one IMMEDIATE transaction and commits it (durably
    /// under synchronous=FULL). Any failing row, such as an alarm event whose sequence number is already taken,
    /// throws before the commit: the transaction rolls back and nothing of the batch is stored.
    /// </summary>
    public void Write(StateBatch batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        foreach (var state in batch.States)
        {
            WriteState(state);
        }

        foreach (var point in batch.Trail)
        {
            WriteTrailPoint(point);
        }

        if (batch.AlarmEvents.Count > 0)
        {
            _alarmEvents.Write(batch.AlarmEvents);
        }

        transaction.Commit();
    }

    public void Dispose()
    {
        // Statements first: a pooled connection must not go back to the pool with statements still open on it.
        _upsertState.Dispose();
        _insertTrail.Dispose();
        _alarmEvents.Dispose();
        _connection.Dispose();
    }

    private void WriteState(DeviceStateSnapshot state)
    {
        var statement = _upsertState;
        statement.Bind(1, state.DeviceId);
        statement.Bind(2, state.LastCounter);
        statement.Bind(3, SqliteValues.FromBits(state.SeenWindow));
        statement.Bind(4, SqliteValues.ToUnixMilliseconds(state.LastAcceptedAt));
        statement.Bind(5, (long)state.Flags);
        statement.Bind(6, state.Battery);
        statement.Bind(7, SqliteValues.ToUnixMilliseconds(state.LastSeen));
        statement.Bind(8, state.LastReceiverId);
        if (state.LastLocation is { } location)
        {
            statement.Bind(9, location.Point.Latitude);
            statement.Bind(10, location.Point.Longitude);
            statement.Bind(11, location.AccuracyMetres);
            statement.Bind(12, (long)location.Source);
            statement.Bind(13, SqliteValues.ToUnixMilliseconds(location.At));
        }
        else
        {
            for (var column = 9; column <= 13; column++)
            {
                statement.BindNull(column);
            }
        }

        statement.Execute();
    }

    private void WriteTrailPoint(TrailPoint point)
    {
        var statement = _insertTrail;
        statement.Bind(1, point.DeviceId);
        statement.Bind(2, SqliteValues.ToUnixMilliseconds(point.Location.At));
        statement.Bind(3, point.Location.Point.Latitude);
        statement.Bind(4, point.Location.Point.Longitude);
        statement.Bind(5, point.Location.AccuracyMetres);
        statement.Bind(6, (long)point.Location.Source);
        statement.Bind(7, point.ReceiverId);
        statement.Execute();
    }
}
