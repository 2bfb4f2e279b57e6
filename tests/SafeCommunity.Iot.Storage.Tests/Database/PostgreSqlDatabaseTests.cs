using System.Globalization;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Storage.Tests.Database;

/// <summary>What only PostgreSQL has: its schema steps, its schema version table, its location without a password.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory;

    public PostgreSqlDatabaseTests(PostgreSqlFixture postgres) => _directory = new TempDirectory(postgres.Server);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EnsureMigrated_EmptyDatabase_CreatesTheSameTablesAndIndexesAsSqliteAtTheLatestVersion()
    {
        var database = _directory.OpenDatabase();

        Assert.Equal(GatewayDatabase.LatestSchemaVersion, database.EnsureMigrated());

        using var sqlite = new TempDirectory();
        Assert.Equal(SqliteSchema(sqlite.OpenDatabase()), Schema(database));
        Assert.Equal(SchemaMigrations.Latest, PostgreSqlSchema.Latest);
    }

    [Fact]
    public void EnsureMigrated_OneOpenTheftReportPerBike_IsAPartialUniqueIndex()
    {
        var database = _directory.OpenDatabase();

        var definition = DatabaseSql.Scalar<string>(database, "SELECT indexdef FROM pg_indexes WHERE indexname = 'theft_reports_one_open';");

        Assert.Contains("CREATE UNIQUE INDEX", definition, StringComparison.Ordinal);
        Assert.EndsWith("WHERE (recovered_at IS NULL)", definition, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureMigrated_SeveralGatewaysStartingTogether_ApplyEachStepOnce()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => _directory.OpenDatabase()).ToList();

        var versions = databases.AsParallel().Select(database => database.EnsureMigrated()).ToList();

        Assert.All(versions, version => Assert.Equal(GatewayDatabase.LatestSchemaVersion, version));
        var restarted = _directory.OpenDatabase();
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, restarted.EnsureMigrated());
        Assert.Equal(1L, DatabaseSql.Scalar<long>(restarted, "SELECT count(*) FROM schema_version;"));
    }

    [Fact]
    public void EnsureMigrated_DatabaseFromNewerGateway_ThrowsNamingBothVersions()
    {
        DatabaseSql.Execute(_directory.OpenDatabase(), "UPDATE schema_version SET version = 99;");

        var exception = Assert.Throws<InvalidOperationException>(() => _directory.OpenDatabase().EnsureMigrated());

        Assert.Contains("schema version 99", exception.Message, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"up to {GatewayDatabase.LatestSchemaVersion}"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabasePath_ConnectionStringWithAPassword_NamesUserHostPortAndDatabaseOnly()
    {
        var database = new GatewayDatabase(
            new StorageOptions { Provider = "postgresql", ConnectionString = "Host=db.example;Port=6543;Database=safecomm;Username=gateway;Password=s3cret-pass" },
            _directory.Path);

        Assert.Equal(StorageProvider.PostgreSql, database.Provider);
        Assert.Equal("postgresql://gateway@db.example:6543/safecomm", database.DatabasePath);
        Assert.Null(database.FindDamage());
        database.Dispose();
    }

    private static List<string> Schema(GatewayDatabase database) =>
        // Indexes that back a primary key or a UNIQUE column are implied by the table, as SQLite's autoindexes are.
        DatabaseSql.SortedColumn(database, """
            SELECT 'table:' || table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name <> 'schema_version'
            UNION ALL
            SELECT 'index:' || i.indexname FROM pg_indexes i
            WHERE i.schemaname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname);
            """);

    private static List<string> SqliteSchema(GatewayDatabase database) =>
        DatabaseSql.SortedColumn(database, "SELECT type || ':' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%';");
}
