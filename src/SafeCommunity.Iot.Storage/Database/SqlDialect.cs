using System.Data.Common;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// What differs between the database engines behind the one set of stores: how a connection is opened and set up,
/// the schema steps and where the schema version is kept, how transactions begin, how a unique violation and a
/// damaged database are recognised, and the few statements that cannot be written the same way. Everything else
/// (the stores' SQL with <c>@name</c> parameters, <c>ON CONFLICT ... DO UPDATE</c>, <c>RETURNING</c>) is shared.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The engine.</summary>
    public abstract StorageProvider Provider { get; }

    /// <summary>Where the data is, for logs and health: a file path, or host, port and database (never a password).</summary>
    public abstract string Location { get; }

    /// <summary>The schema steps of this engine, in version order.</summary>
    public abstract IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>
    /// The column that orders two trail points of one device stored at the same millisecond (SQLite's rowid, an
    /// identity column on PostgreSQL).
    /// </summary>
    public abstract string TrailInsertOrder { get; }

    /// <summary>
    /// Deletes at most <c>@chunk</c> rows of <paramref name="table"/> (one of the schema's tables with an <c>at</c>
    /// column: <c>trail</c>, <c>audit_log</c>) with <c>at &lt; @cutoff</c>, by the engine's row address.
    /// </summary>
    public abstract string PruneChunkSql(string table);

    /// <summary>Opens a new, configured connection; the caller owns it.</summary>
    public abstract DbConnection Open();

    /// <summary>Gets the store ready before the first migration (the SQLite file's folder, WAL, the recovery report).</summary>
    public abstract void PrepareStore();

    /// <summary>Begins a transaction that will write (SQLite: <c>BEGIN IMMEDIATE</c>, the write lock first).</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Begins a read-only transaction whose reads all see one committed state.</summary>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>
    /// Begins the transaction of one schema step; it excludes every other gateway's migration until it ends, so two
    /// gateways starting together cannot both apply a step.
    /// </summary>
    public abstract DbTransaction BeginMigration(DbConnection connection);

    /// <summary>The schema version the database is at (0 when it is empty).</summary>
    public abstract int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction);

    /// <summary>The statement that records <paramref name="version"/> inside a step's transaction.</summary>
    public abstract string SetSchemaVersionSql(int version);

    /// <summary>Whether <paramref name="exception"/> is a unique constraint (or unique index) violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Sets up the committer's own connection once (SQLite: page cache, no automatic checkpoint).</summary>
    public abstract void ConfigureCommitter(DbConnection connection);

    /// <summary>
    /// Prepares <paramref name="sql"/>, written with positional parameters <c>?1</c>, <c>?2</c>, ..., once on the
    /// committer's connection; <paramref name="types"/> are the parameters' types in order.
    /// </summary>
    public abstract IBatchStatement Prepare(DbConnection connection, string sql, IReadOnlyList<System.Data.DbType> types);

    /// <summary>
    /// <paramref name="sql"/>, written with positional parameters <c>?1</c>, <c>?2</c>, ..., in the engine's own
    /// spelling of them.
    /// </summary>
    public abstract string Positional(string sql);

    /// <summary>A check of the whole store for damage (SQLite's quick check); null when sound or not checkable.</summary>
    public abstract string? FindDamage();

    /// <summary>Closes the pooled connections.</summary>
    public abstract void ClosePool();

    /// <summary>
    /// The statement that tells the other gateways sharing the store that alarm events were stored, run inside the
    /// storing transaction (the engine delivers it when that commits); null when no other gateway can share the store.
    /// </summary>
    public abstract string? AlarmEventsStoredSql { get; }

    /// <summary>
    /// Locks the <c>device_state</c> rows of the devices given as an array in parameter <c>?1</c>, in device order, at
    /// the start of a commit that claims frame counters: a commit then touches rows only in that one order, and two
    /// gateways' commits wait for each other instead of deadlocking. Null where one writer at a time holds the whole store.
    /// </summary>
    public abstract string? LockDeviceStatesSql { get; }
}
