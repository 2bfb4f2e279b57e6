using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Storage.Tests.Database;

public sealed class DatabaseDamageTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly CapturingLoggerProvider _log = new();

    public void Dispose()
    {
        _log.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void TryReport_SqliteSaysMalformed_TheLineAlsoSaysWhichPageTheQuickCheckFound()
    {
        var database = _directory.OpenDatabase();
        var damagedPage = DamageRootPageOf(database, "device_state");
        var failure = Assert.Throws<SqliteException>(() => ReadDeviceStates(database));
        using var services = Services(database);

        var reported = DatabaseDamage.TryReport(new InvalidOperationException("start failed", failure), services);

        Assert.True(reported);
        var line = Assert.Single(_log.Records, r => r.Level == LogLevel.Critical).Message;
        Assert.Contains($"The database {database.DatabasePath} is damaged (SQLite Error 11:", line, StringComparison.Ordinal);
        Assert.Contains($"page {damagedPage}", line, StringComparison.Ordinal);
        Assert.Contains("exit code 3", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReport_FailureThatHidesTheSqliteError_TheQuickCheckStillFindsTheDamage()
    {
        var database = _directory.OpenDatabase();
        var damagedPage = DamageRootPageOf(database, "device_state");
        using var services = Services(database);

        var reported = DatabaseDamage.TryReport(new OperationCanceledException("a background service failed"), services);

        Assert.True(reported);
        var line = Assert.Single(_log.Records, r => r.Level == LogLevel.Critical).Message;
        Assert.Contains("quick check:", line, StringComparison.Ordinal);
        Assert.Contains($"page {damagedPage}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReport_SoundDatabase_ReportsNothing()
    {
        var database = _directory.OpenDatabase();
        database.EnsureMigrated();
        using var services = Services(database);

        Assert.False(DatabaseDamage.TryReport(new InvalidOperationException("some other failure"), services));
        Assert.Empty(_log.Records);
    }

    private ServiceProvider Services(GatewayDatabase database) => new ServiceCollection()
        .AddSingleton(database)
        .AddLogging(logging => logging.AddProvider(_log))
        .BuildServiceProvider();

    /// <summary>Overwrites the root page of <paramref name="table"/> with noise, as a bad sector or a broken copy would; returns its number.</summary>
    private static long DamageRootPageOf(GatewayDatabase database, string table)
    {
        long rootPage;
        using (var connection = database.OpenConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); SELECT rootpage FROM sqlite_schema WHERE name = $name;";
            ((SqliteCommand)command).Parameters.AddWithValue("$name", table);
            using var reader = command.ExecuteReader();
            reader.NextResult();
            reader.Read();
            rootPage = reader.GetInt64(0);
        }

        database.Dispose();
        var bytes = File.ReadAllBytes(database.DatabasePath);
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16, 2));
        new Random(11).NextBytes(bytes.AsSpan((int)((rootPage - 1) * pageSize), pageSize));
        File.WriteAllBytes(database.DatabasePath, bytes);
        return rootPage;
    }

    private static void ReadDeviceStates(GatewayDatabase database)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM device_state;";
        command.ExecuteScalar();
    }
}
