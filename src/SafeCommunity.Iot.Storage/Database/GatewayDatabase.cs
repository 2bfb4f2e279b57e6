using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// The gateway's SQLite database file: creates its folder, brings its schema up to date once, and opens
/// connections configured the same way every time (WAL, <c>synchronous</c> from the options, foreign keys on,
/// a 5 s busy timeout). WAL lets readers on their own connections run while the committer writes.
/// </summary>
public sealed class GatewayDatabase : IDisposable
{
    /// <summary>How long a connection waits for another writer's lock before failing, in milliseconds.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly ILogger _logger;
    private readonly Lock _migrationLock = new();
    private volatile bool _migrated;
    private int _schemaVersion;

    /// <summary>Prepares access to the database that <paramref name="options"/> describe; touches no file yet.</summary>
    /// <param name="options">Where the file is and how commits are synced.</param>
    /// <param name="contentRootPath">The folder a relative <see cref="StorageOptions.DataDirectory"/> is resolved against.</param>
    /// <param name="logger">Where migrations are reported.</param>
    public GatewayDatabase(StorageOptions options, string contentRootPath, ILogger<GatewayDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRootPath);
        DataDirectory = StorageOptions.ResolvePath(options.DataDirectory, contentRootPath);
        DatabasePath = Path.Combine(DataDirectory, options.DatabaseFileName);
        Synchronous = options.Synchronous;
        _logger = logger ?? NullLogger<GatewayDatabase>.Instance;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        // synchronous, foreign_keys and busy_timeout belong to the connection, not the file: every open sets them.
        var synchronous = options.Synchronous == SynchronousMode.Normal ? "NORMAL" : "FULL";
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");
    }

    /// <summary>The schema version this code creates and understands.</summary>
    public static int LatestSchemaVersion => SchemaMigrations.Latest;

    /// <summary>The full path of the folder that holds the database.</summary>
    public string DataDirectory { get; }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>How commits are synced to disk.</summary>
    public SynchronousMode Synchronous { get; }

    /// <summary>
    /// Creates the folder and the file when missing and applies the schema steps the file lacks, each in one
    /// transaction. Runs once per instance; later calls return at once.
    /// </summary>
    /// <returns>The schema version of the database.</returns>
    /// <exception cref="InvalidOperationException">The file was written by a newer gateway (schema version above <see cref="LatestSchemaVersion"/>).</exception>
    public int EnsureMigrated()
    {
        if (_migrated)
        {
            return _schemaVersion;
        }

        lock (_migrationLock)
        {
            if (!_migrated)
            {
                Directory.CreateDirectory(DataDirectory);
                var leftOver = WriteAheadLogFile.Inspect(DatabasePath + "-wal");
                using var connection = OpenConfigured();
                SetWriteAheadLog(connection);
                if (leftOver is { } log && (log.Frames > 0 || log.TornBytes > 0))
                {
                    ReportRecovery(connection, log);
                }

                _schemaVersion = Migrate(connection);
                _migrated = true;
            }

            return _schemaVersion;
        }
    }

    /// <summary>
    /// Opens a new connection (from the pool) to an up-to-date database. The caller owns and disposes it; a
    /// connection is for one thread at a time.
    /// </summary>
    public SqliteConnection OpenConnection()
    {
        EnsureMigrated();
        return OpenConfigured();
    }

    /// <summary>
    /// SQLite's quick check of the whole file (it reads every page: for diagnosing a failure, not for every start).
    /// </summary>
    /// <returns>Null when the file is sound; otherwise what SQLite found.</returns>
    public string? FindDamage()
    {
        try
        {
            using var connection = OpenConfigured();
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

    /// <summary>Closes the pooled connections to the file, so that it can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection OpenConfigured()
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

    private void SetWriteAheadLog(SqliteConnection connection)
    {
        // journal_mode is stored in the file: setting it once at start covers every later connection.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            StorageLog.WriteAheadLogUnavailable(_logger, DatabasePath, mode ?? "unknown");
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
            StorageLog.WriteAheadLogRecovered(_logger, DatabasePath, kept);
        }
        else
        {
            StorageLog.WriteAheadLogTornTailCut(_logger, DatabasePath, kept, cut, leftOver.TornBytes);
        }
    }

    private int Migrate(SqliteConnection connection)
    {
        var version = ReadUserVersion(connection, transaction: null);
        ThrowIfNewer(version);
        foreach (var migration in SchemaMigrations.All)
        {
            if (migration.Version <= version)
            {
                continue;
            }

            // BEGIN IMMEDIATE takes the write lock first, so two processes starting on one file cannot both apply
            // a step: the second sees the new user_version once it gets the lock.
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = ReadUserVersion(connection, transaction);
            ThrowIfNewer(current);
            if (current < migration.Version)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = migration.Sql + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {migration.Version};");
                command.ExecuteNonQuery();
                transaction.Commit();
                StorageLog.MigrationApplied(_logger, migration.Version, migration.Description, DatabasePath);
            }

            version = migration.Version;
        }

        return version;
    }

    private void ThrowIfNewer(int version)
    {
        if (version > SchemaMigrations.Latest)
        {
            throw new InvalidOperationException(
                $"The database '{DatabasePath}' has schema version {version}, but this gateway knows versions up to {SchemaMigrations.Latest}. " +
                "It was written by a newer gateway: run that version, or restore a backup made for this one.");
        }
    }

    private static int ReadUserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
