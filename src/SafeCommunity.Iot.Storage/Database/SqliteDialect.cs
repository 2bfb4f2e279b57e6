using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// SQLite: one file in WAL mode; every connection sets <c>synchronous</c>, foreign keys and a 5 s busy timeout. The
/// committer binds through SQLite's own API (<see cref="PreparedStatement"/>), and the schema version is
/// <c>PRAGMA user_version</c>.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE.</summary>
    private const int SqliteUniqueConstraint = 2067;

    /// <summary>SQLITE_CONSTRAINT_PRIMARYKEY.</summary>
    private const int SqlitePrimaryKeyConstraint = 1555;

    // Only for the committer's connection. A 32 MiB page cache holds the device_state table of 140,000 devices
    // (about 10 MB) and the hot index pages, so an upsert seldom reads a page back from the file. No automatic
    // checkpoint: it would run inside a commit, on this thread, and hold the batch's alarms while the log is copied
    // and synced; WalCheckpointService checkpoints beside the committer instead.
    private const string CommitterPragmas = "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0;";

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly string _dataDirectory;
    private readonly ILogger _logger;

    public SqliteDialect(string dataDirectory, string databasePath, SynchronousMode synchronous, ILogger logger)
    {
        _dataDirectory = dataDirectory;
        Location = databasePath;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        // synchronous, foreign_keys and busy_timeout belong to the connection, not the file: every open sets them.
        var mode = synchronous == SynchronousMode.Normal ? "NORMAL" : "FULL";
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = {mode}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {GatewayDatabase.BusyTimeoutMilliseconds};");
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string Location { get; }

    public override IReadOnlyList<SchemaMigration> Migrations => SchemaMigrations.All;

    public override string TrailInsertOrder => "rowid";

    public override string PruneChunkSql(string table) =>
        $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE at < @cutoff LIMIT @chunk);";

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _connectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override void PrepareStore()
    {
        Directory.CreateDirectory(_dataDirectory);
        var leftOver = WriteAheadLogFile.Inspect(Location + "-wal");
        using var connection = (SqliteConnection)Open();
        SetWriteAheadLog(connection);
        if (leftOver is { } log && (log.Frames > 0 || log.TornBytes > 0))
        {
            ReportRecovery(connection, log);
        }
    }

    // BEGIN IMMEDIATE takes the write lock first: a writer never fails half-way on a lock upgrade.
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    // BEGIN IMMEDIATE, so two processes starting on one file cannot both apply a step: the second sees the new
    // user_version once it gets the lock.
    public override DbTransaction BeginMigration(DbConnection connection) => BeginWrite(connection);

    public override int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public override string SetSchemaVersionSql(int version) =>
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version};");

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteUniqueConstraint or SqlitePrimaryKeyConstraint };

    public override void ConfigureCommitter(DbConnection connection)
    {
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = CommitterPragmas;
        pragmas.ExecuteNonQuery();
    }

    public override IBatchStatement Prepare(DbConnection connection, string sql, IReadOnlyList<DbType> types) =>
        new PreparedStatement((SqliteConnection)connection, sql);

    public override string Positional(string sql) => sql;

    public override string? FindDamage()
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1);";
            var result = command.ExecuteScalar() as string;
            return string.Equals(result, "ok", StringComparison.Ordinal) ? null : $"quick check: {result?.ReplaceLineEndings(" ")}";
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is DatabaseDamage.SqliteCorrupt or DatabaseDamage.SqliteNotADatabase)
        {
            return exception.Message;
        }
    }

    // A SQLite file belongs to one gateway process.
    public override string? AlarmEventsStoredSql => null;

    // A write transaction (IMMEDIATE) holds the whole file.
    public override string? LockDeviceStatesSql => null;

    public override void ClosePool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void SetWriteAheadLog(SqliteConnection connection)
    {
        // journal_mode is stored in the file: setting it once at start covers every later connection.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            StorageLog.WriteAheadLogUnavailable(_logger, Location, mode ?? "unknown");
        }
    }

    /// <summary>Says what SQLite's recovery of a log left by an unclean stop kept and cut (it reports it nowhere else).</summary>
    private void ReportRecovery(SqliteConnection connection, WriteAheadLogFile leftOver)
    {
        // The second column of wal_checkpoint is the number of frames in the log as SQLite recovered it.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(1) < 0)
        {
            return;
        }

        var kept = reader.GetInt64(1);
        var cut = Math.Max(0, leftOver.Frames - kept);
        if (cut == 0 && leftOver.TornBytes == 0)
        {
            StorageLog.WriteAheadLogRecovered(_logger, Location, kept);
        }
        else
        {
            StorageLog.WriteAheadLogTornTailCut(_logger, Location, kept, cut, leftOver.TornBytes);
        }
    }
}
