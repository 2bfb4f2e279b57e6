using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// The gateway's database, on the engine <see cref="StorageOptions.Provider"/> names: brings its schema up to date
/// once, and opens connections configured the same way every time. SQLite (the default) is one file in WAL mode
/// (<c>synchronous</c> from the options, foreign keys on, a 5 s busy timeout), so readers on their own connections
/// run while the committer writes; PostgreSQL is the database of <see cref="StorageOptions.ConnectionString"/>.
/// Every store runs on the ADO.NET connections this hands out; what differs between the engines is in its
/// <see cref="SqlDialect"/>.
/// </summary>
public sealed class GatewayDatabase : IDisposable
{
    /// <summary>How long a SQLite connection waits for another writer's lock before failing, in milliseconds.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    private readonly ILogger _logger;
    private readonly Lock _migrationLock = new();
    private volatile bool _migrated;
    private int _schemaVersion;

    /// <summary>Prepares access to the database that <paramref name="options"/> describe; touches no file or server yet.</summary>
    /// <param name="options">Which engine, where the data is, and how commits are synced (SQLite).</param>
    /// <param name="contentRootPath">The folder a relative <see cref="StorageOptions.DataDirectory"/> is resolved against.</param>
    /// <param name="logger">Where migrations are reported.</param>
    /// <exception cref="ArgumentException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public GatewayDatabase(StorageOptions options, string contentRootPath, ILogger<GatewayDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRootPath);
        DataDirectory = StorageOptions.ResolvePath(options.DataDirectory, contentRootPath);
        Synchronous = options.Synchronous;
        _logger = logger ?? NullLogger<GatewayDatabase>.Instance;
        if (!StorageOptions.TryParseProvider(options.Provider, out var provider))
        {
            throw new ArgumentException($"Unknown storage provider '{options.Provider}': use Sqlite or PostgreSql.", nameof(options));
        }

        if (provider == StorageProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new ArgumentException("The PostgreSql provider needs Storage:ConnectionString.", nameof(options));
            }

            Dialect = new PostgreSqlDialect(options.ConnectionString);
        }
        else
        {
            Dialect = new SqliteDialect(DataDirectory, Path.Combine(DataDirectory, options.DatabaseFileName), options.Synchronous, _logger);
        }
    }

    /// <summary>The schema version this code creates and understands.</summary>
    public static int LatestSchemaVersion => SchemaMigrations.Latest;

    /// <summary>The engine behind the stores.</summary>
    public StorageProvider Provider => Dialect.Provider;

    /// <summary>The full path of the folder that holds the database file (SQLite) and the gateway's other files.</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Where the data is: the full path of the database file (SQLite), or <c>postgresql://user@host:port/database</c>
    /// (PostgreSQL; never with a password).
    /// </summary>
    public string DatabasePath => Dialect.Location;

    /// <summary>How commits are synced to disk (SQLite; PostgreSQL follows the server's <c>synchronous_commit</c>).</summary>
    public SynchronousMode Synchronous { get; }

    /// <summary>What differs between the engines.</summary>
    internal SqlDialect Dialect { get; }

    /// <summary>
    /// Creates the store when missing (the SQLite file and its folder) and applies the schema steps it lacks, each in
    /// one transaction. Runs once per instance; later calls return at once.
    /// </summary>
    /// <returns>The schema version of the database.</returns>
    /// <exception cref="InvalidOperationException">The database was written by a newer gateway (schema version above <see cref="LatestSchemaVersion"/>).</exception>
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
                Dialect.PrepareStore();
                using var connection = Dialect.Open();
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
    public DbConnection OpenConnection()
    {
        EnsureMigrated();
        return Dialect.Open();
    }

    /// <summary>
    /// SQLite's quick check of the whole file (it reads every page: for diagnosing a failure, not for every start).
    /// </summary>
    /// <returns>Null when the file is sound (or the engine is PostgreSQL, which checks its own pages); otherwise what SQLite found.</returns>
    public string? FindDamage() => Dialect.FindDamage();

    /// <summary>
    /// Deletes the rows of <paramref name="table"/> (<c>trail</c> or <c>audit_log</c>) with <c>at</c> before
    /// <paramref name="olderThan"/>, <paramref name="chunk"/> rows per transaction on a connection of its own, so the
    /// committer never waits long for the write lock however much is due; returns how many.
    /// </summary>
    public int DeleteOlderThan(string table, DateTimeOffset olderThan, int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = Dialect.PruneChunkSql(table);
        command.AddWithValue("@cutoff", DbValues.ToUnixMilliseconds(olderThan));
        command.AddWithValue("@chunk", (long)chunk);
        command.Prepare();
        var total = 0;
        int deleted;
        do
        {
            deleted = command.ExecuteNonQuery();
            total += deleted;
        }
        while (deleted == chunk);

        return total;
    }

    /// <summary>Closes the pooled connections (so that a SQLite file can be moved or deleted).</summary>
    public void Dispose() => Dialect.ClosePool();

    private int Migrate(DbConnection connection)
    {
        var version = Dialect.ReadSchemaVersion(connection, transaction: null);
        ThrowIfNewer(version);
        foreach (var migration in Dialect.Migrations)
        {
            if (migration.Version <= version)
            {
                continue;
            }

            using var transaction = Dialect.BeginMigration(connection);
            var current = Dialect.ReadSchemaVersion(connection, transaction);
            ThrowIfNewer(current);
            if (current < migration.Version)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = migration.Sql + "\n" + Dialect.SetSchemaVersionSql(migration.Version);
                command.ExecuteNonQuery();
                transaction.Commit();
                StorageLog.MigrationApplied(_logger, migration.Version, migration.Description, DatabasePath);
            }

            version = Math.Max(current, migration.Version);
        }

        return version;
    }

    private void ThrowIfNewer(int version)
    {
        if (version > LatestSchemaVersion)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The database '{DatabasePath}' has schema version {version}, but this gateway knows versions up to {LatestSchemaVersion}. ") +
                "It was written by a newer gateway: run that version, or restore a backup made for this one.");
        }
    }
}
