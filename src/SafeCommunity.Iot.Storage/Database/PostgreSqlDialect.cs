using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// PostgreSQL through Npgsql: pooled connections from one data source, the schema version in the one-row table
/// <c>schema_version</c>, schema steps serialised across gateways by a transaction-scoped advisory lock, and the
/// committer's statements as server-side prepared statements.
/// </summary>
internal sealed partial class PostgreSqlDialect : SqlDialect
{
    /// <summary>unique_violation.</summary>
    private const string UniqueViolation = "23505";

    /// <summary>The advisory lock that every gateway's schema step takes first ("SCSCHEMA" in ASCII).</summary>
    private const long MigrationLock = 0x5343_5343_4845_4D41;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _unpooled;

    /// <param name="connectionString">Npgsql's connection string; it never reaches a log (it may hold a password).</param>
    public PostgreSqlDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "safecommunity-gateway";
        }

        // The committer sends the same few statements thousands of times in one batch: prepared once per connection.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        Location = string.Create(CultureInfo.InvariantCulture,
            $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
        _dataSource = NpgsqlDataSource.Create(builder);
        _unpooled = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString;
    }

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override string Location { get; }

    public override IReadOnlyList<SchemaMigration> Migrations => PostgreSqlSchema.All;

    public override string TrailInsertOrder => "id";

    // ctid = ANY (ARRAY(...)) is a TID scan: each doomed row is fetched by its address, with no join over the table.
    public override string PruneChunkSql(string table) =>
        $"DELETE FROM {table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE at < @cutoff LIMIT @chunk));";

    public override DbConnection Open() => _dataSource.OpenConnection();

    /// <summary>
    /// A connection of its own, outside the pool: closing it ends the server session, and with it the session's
    /// LISTEN and advisory locks (a pooled one would keep them until reused).
    /// </summary>
    public NpgsqlConnection OpenDedicated()
    {
        var connection = new NpgsqlConnection(_unpooled);
        try
        {
            connection.Open();
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
        // The server keeps its own files; nothing to create here.
    }

    public override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    // REPEATABLE READ: every statement of the transaction sees the same snapshot (the registry's three lists, the
    // active alarms with the last numbers).
    public override DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    public override DbTransaction BeginMigration(DbConnection connection)
    {
        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                SELECT pg_advisory_xact_lock({MigrationLock});
                CREATE TABLE IF NOT EXISTS schema_version (
                    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL
                );
                """);
            command.ExecuteNonQuery();
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    public override int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT to_regclass('schema_version') IS NOT NULL;";
        if (command.ExecuteScalar() is not true)
        {
            return 0;
        }

        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public override string SetSchemaVersionSql(int version) => string.Create(CultureInfo.InvariantCulture,
        $"INSERT INTO schema_version (id, version) VALUES (1, {version}) ON CONFLICT (id) DO UPDATE SET version = excluded.version;");

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: UniqueViolation };

    public override void ConfigureCommitter(DbConnection connection)
    {
        // Nothing: the server's settings apply.
    }

    public override IBatchStatement Prepare(DbConnection connection, string sql, IReadOnlyList<DbType> types) =>
        new CommandStatement(connection, Positional(sql), types);

    public override string Positional(string sql) => PositionalParameter().Replace(sql, "$$$1");

    public override string? FindDamage() => null;

    public override void ClosePool() => _dataSource.Dispose();

    public override string AlarmEventsStoredSql => "SELECT pg_notify('" + Alarms.StoredAlarmEventSignal.Channel + "', '');";

    public override string LockDeviceStatesSql =>
        "SELECT device_id FROM device_state WHERE device_id = ANY($1) ORDER BY device_id FOR UPDATE;";

    // The committer's SQL numbers its parameters SQLite's way (?1); PostgreSQL numbers them $1.
    [GeneratedRegex(@"\?(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex PositionalParameter();
}
