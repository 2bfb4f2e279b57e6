using System.Collections.Concurrent;
using Npgsql;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// Which store the tests' gateways use: SQLite in their data directory (the default), or, with the environment
/// variable <c>SAFECOMM_TEST_STORE=postgresql</c>, PostgreSQL: one throwaway server for the test process
/// (<see cref="PostgreSqlServer"/>) and a fresh database per data directory, the same one again when a test restarts
/// its gateway on that directory. <c>bash .ci/test</c> runs the gateway-level test projects once more that way.
/// </summary>
public static class TestStore
{
    /// <summary>The environment variable that chooses the store.</summary>
    public const string Variable = "SAFECOMM_TEST_STORE";

    /// <summary>The trait of tests that look inside SQLite's files (damage, the write-ahead log): not run on PostgreSQL.</summary>
    public const string SqliteFilesTrait = "SqliteFiles";

    /// <summary>
    /// The trait of tests that bring their own store whatever this variable says (the cluster on a PostgreSQL server of
    /// its own): the same in both passes, so run in the first only.
    /// </summary>
    public const string OwnStoreTrait = "OwnStore";

    private static readonly Lazy<PostgreSqlServer> Server = new(StartServer, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, string> Databases = new(StringComparer.Ordinal);

    /// <summary>Whether this run's gateways store in PostgreSQL.</summary>
    public static bool IsPostgreSql { get; } = Environment.GetEnvironmentVariable(Variable) is { } store
        && (string.Equals(store, "postgresql", StringComparison.OrdinalIgnoreCase)
            || (store.Length > 0 && !string.Equals(store, "sqlite", StringComparison.OrdinalIgnoreCase)
                ? throw new InvalidOperationException($"{Variable} is '{store}'; it takes sqlite or postgresql.")
                : false));

    /// <summary>
    /// The settings that put the store of a gateway with <paramref name="dataDirectory"/> where this run keeps it:
    /// none for SQLite, the provider and the connection string of that directory's database for PostgreSQL.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> SettingsFor(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!IsPostgreSql)
        {
            return new Dictionary<string, string?>();
        }

        var server = Server.Value;
        var database = Databases.GetOrAdd(Path.GetFullPath(dataDirectory), _ => server.CreateDatabase());
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:ConnectionString"] = server.ConnectionString(database),
        };
    }

    /// <summary>Every row of <paramref name="table"/> in the PostgreSQL database of <paramref name="dataDirectory"/>, as text.</summary>
    public static string RowsAsText(string dataDirectory, string table)
    {
        if (!IsPostgreSql || !Databases.TryGetValue(Path.GetFullPath(dataDirectory), out var database))
        {
            throw new InvalidOperationException("No PostgreSQL database belongs to " + dataDirectory + ".");
        }

        using var connection = new NpgsqlConnection(Server.Value.ConnectionString(database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t;";
        return (string)command.ExecuteScalar()!;
    }

    private static PostgreSqlServer StartServer()
    {
        var server = PostgreSqlServer.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }
}
