using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Storage.Tests;

/// <summary>A fresh folder per test for real database files, deleted (with the connections to them) afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly List<GatewayDatabase> _databases = [];

    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "safecommunity-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The database in this folder (a new instance each call: a second call is a "restart").</summary>
    public GatewayDatabase OpenDatabase(SynchronousMode synchronous = SynchronousMode.Full, string subdirectory = "data")
    {
        var database = new GatewayDatabase(
            new StorageOptions { DataDirectory = subdirectory, Synchronous = synchronous },
            Path);
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

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test; the OS cleans its temp directory.
        }
    }
}
