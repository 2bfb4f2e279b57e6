using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Geofences.Catalog;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Geofences;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Geofences.Tests.Catalog;

/// <summary>
/// A real gateway database in a fresh folder, and catalogs over it: each <see cref="OpenCatalog"/> is a new
/// database instance, store, index and catalog, as after a restart. Deleted (with its connections) afterwards.
/// </summary>
internal sealed class CatalogFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 1, 0, 0, 123, TimeSpan.Zero);

    private readonly List<GatewayDatabase> _databases = [];

    public CatalogFixture()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "safecommunity-geofence-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public ListLogger<GeofenceCatalog> Logger { get; } = new();

    public static string SeedFile => System.IO.Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-geofences.geojson");

    public static string SeedRegistryFile => System.IO.Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json");

    /// <summary>A new catalog, with a new index and store, over the database of this folder.</summary>
    public GeofenceCatalog OpenCatalog(string subdirectory = "data")
    {
        var store = new GeofenceStore(OpenDatabase(subdirectory));
        return new GeofenceCatalog(store, new GeofenceIndex(), new FixedTime(Now), Logger);
    }

    public GatewayDatabase OpenDatabase(string subdirectory = "data")
    {
        var database = new GatewayDatabase(new StorageOptions { DataDirectory = subdirectory }, Path);
        _databases.Add(database);
        return database;
    }

    /// <summary>Runs SQL against the database of this folder, behind the catalog's back.</summary>
    public void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        var database = OpenDatabase();
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        command.ExecuteNonQuery();
    }

    public long Count(string sql)
    {
        var database = OpenDatabase();
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test; the OS cleans its temp directory.
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>A logger that keeps what it is given.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, EventId Id, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_gate)
        {
            _entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
