using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Storage.Tests;

/// <summary>
/// A fresh store per test: a folder for real SQLite database files, or (given a PostgreSQL server) a fresh database
/// on it, with a folder all the same for the gateway's other files. Deleted (with the connections to them) afterwards.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly List<GatewayDatabase> _databases = [];
    private readonly PostgreSqlServer? _server;
    private string? _postgreSqlDatabase;

    /// <summary>A SQLite store.</summary>
    public TempDirectory()
        : this(server: null)
    {
    }

    /// <summary>A store on <paramref name="server"/> when given, SQLite otherwise.</summary>
    public TempDirectory(PostgreSqlServer? server)
    {
        _server = server;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "safecommunity-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public StorageProvider Provider => _server is null ? StorageProvider.Sqlite : StorageProvider.PostgreSql;

    /// <summary>The configuration that points a host at this store (nothing for SQLite: the defaults).</summary>
    public Dictionary<string, string?> Settings => _server is null
        ? []
        : new()
        {
            ["Storage:Provider"] = nameof(StorageProvider.PostgreSql),
            ["Storage:ConnectionString"] = ConnectionString,
        };

    /// <summary>The database of this store (a new instance each call: a second call is a "restart").</summary>
    public GatewayDatabase OpenDatabase(SynchronousMode synchronous = SynchronousMode.Full, string subdirectory = "data")
    {
        var options = new StorageOptions { DataDirectory = subdirectory, Synchronous = synchronous };
        if (_server is not null)
        {
            options.Provider = nameof(StorageProvider.PostgreSql);
            options.ConnectionString = ConnectionString;
        }

        var database = new GatewayDatabase(options, Path);
        _databases.Add(database);
        return database;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        if (_server is not null && _postgreSqlDatabase is not null)
        {
            _server.DropDatabase(_postgreSqlDatabase);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test; the OS cleans its temp directory.
        }
    }

    private string ConnectionString => _server!.ConnectionString(_postgreSqlDatabase ??= _server.CreateDatabase());
}
