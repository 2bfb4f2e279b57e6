using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Storage.Tests.Database;

public sealed class GatewayDatabaseTests : IDisposable
{
    private static readonly string[] ExpectedSchema =
    [
        "index:alarm_events_alarm", "index:alarms_active", "index:alarms_device", "index:alarms_first_seen", "index:alarms_home_community",
        "index:audit_log_at", "index:devices_community", "index:notification_outbox_alarm", "index:notification_outbox_dead",
        "index:notification_outbox_due", "index:receivers_community", "index:theft_reports_device", "index:theft_reports_one_open", "index:trail_at",
        "index:trail_device_at",
        "table:alarm_counters", "table:alarm_events", "table:alarms", "table:api_tokens", "table:audit_log", "table:communities",
        "table:device_state", "table:devices", "table:geofences", "table:notification_outbox",
        "table:notification_subscriptions", "table:receivers", "table:theft_reports", "table:trail",
    ];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EnsureMigrated_NewDirectory_CreatesFolderFileAndSchema()
    {
        var database = _directory.OpenDatabase(subdirectory: "nested/data");

        var version = database.EnsureMigrated();

        Assert.Equal(GatewayDatabase.LatestSchemaVersion, version);
        Assert.Equal(Path.Combine(_directory.Path, "nested", "data", "gateway.db"), database.DatabasePath);
        Assert.True(File.Exists(database.DatabasePath));
        Assert.Equal(ExpectedSchema, ReadSchema(database));
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, Scalar<long>(database, "PRAGMA user_version;"));
    }

    [Fact]
    public void EnsureMigrated_CalledAgainAndAfterRestart_ChangesNothing()
    {
        var first = _directory.OpenDatabase();
        first.EnsureMigrated();
        Execute(first, "INSERT INTO communities VALUES ('wufu', 'Wufu', 'Asia/Shanghai', 'room');");

        Assert.Equal(GatewayDatabase.LatestSchemaVersion, first.EnsureMigrated());
        first.Dispose();
        var restarted = _directory.OpenDatabase();

        Assert.Equal(GatewayDatabase.LatestSchemaVersion, restarted.EnsureMigrated());
        Assert.Equal(ExpectedSchema, ReadSchema(restarted));
        Assert.Equal(1, Scalar<long>(restarted, "SELECT count(*) FROM communities;"));
    }

    [Fact]
    public void EnsureMigrated_VersionOneDatabaseWithData_AddsTheLaterStepsAndKeepsTheData()
    {
        var database = _directory.OpenDatabase();
        Directory.CreateDirectory(database.DataDirectory);
        using (var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SchemaMigrations.All[0].Sql + """
                PRAGMA user_version = 1;
                INSERT INTO communities VALUES ('wufu', '五福社区 Wufu', 'Asia/Shanghai', 'room');
                INSERT INTO devices (id, kind, key, display_name, community_id, owner)
                    VALUES (285212673, 'ebike-chip', zeroblob(16), 'bike', 'wufu', 'owner-wf-001');
                INSERT INTO device_state VALUES (285212673, 41, -1, 1000, 1, 87, 2000, 'wufu-gate-north', 25.1, 105.4, 12.5, 1, 1500);
                INSERT INTO trail VALUES (285212673, 1500, 25.1, 105.4, 12.5, 1, 'wufu-gate-north');
                """;
            command.ExecuteNonQuery();
        }

        Assert.Equal(1, SchemaMigrations.All[0].Version);
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, database.EnsureMigrated());

        Assert.Equal(ExpectedSchema, ReadSchema(database));
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, Scalar<long>(database, "PRAGMA user_version;"));
        Assert.Equal("五福社区 Wufu", Scalar<string>(database, "SELECT name FROM communities;"));
        Assert.Equal(1, Scalar<long>(database, "SELECT count(*) FROM devices;"));
        Assert.Equal(41, Scalar<long>(database, "SELECT last_counter FROM device_state WHERE device_id = 285212673;"));
        Assert.Equal(1, Scalar<long>(database, "SELECT count(*) FROM trail;"));
        Assert.Equal(0, Scalar<long>(database, "SELECT count(*) FROM alarm_events;"));
        Assert.Equal("ok", Scalar<string>(database, "PRAGMA integrity_check;"));
        Assert.Equal(0, Scalar<long>(database, "SELECT count(*) FROM pragma_foreign_key_check;"));
    }

    [Fact]
    public void EnsureMigrated_VersionTwoDatabaseWithData_AddsGeofencesAndKeepsTheData()
    {
        var database = _directory.OpenDatabase();
        Directory.CreateDirectory(database.DataDirectory);
        using (var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SchemaMigrations.All[0].Sql + SchemaMigrations.All[1].Sql + """
                PRAGMA user_version = 2;
                INSERT INTO communities VALUES ('wufu', '五福社区 Wufu', 'Asia/Shanghai', 'room');
                INSERT INTO devices (id, kind, key, display_name, community_id, owner)
                    VALUES (570425345, 'elder-wristband', zeroblob(16), 'wristband', 'wufu', 'household-wf-001');
                INSERT INTO device_state VALUES (570425345, 7, 0, 1000, 0, 90, 2000, 'wufu-gate-north', 25.1, 105.4, 8.5, 1, 1500);
                INSERT INTO theft_reports (device_id, police_report_number, stolen_at, reported_by, reported_at)
                    VALUES (285212673, 'AL-2026-0042', 1000, 'officer-wang', 2000);
                """;
            command.ExecuteNonQuery();
        }

        Assert.Equal(2, SchemaMigrations.All[1].Version);
        Assert.Equal(3, SchemaMigrations.All[2].Version);
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, database.EnsureMigrated());

        Assert.Equal(ExpectedSchema, ReadSchema(database));
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, Scalar<long>(database, "PRAGMA user_version;"));
        Assert.Equal("五福社区 Wufu", Scalar<string>(database, "SELECT name FROM communities;"));
        Assert.Equal(7, Scalar<long>(database, "SELECT last_counter FROM device_state WHERE device_id = 570425345;"));
        Assert.Equal("AL-2026-0042", Scalar<string>(database, "SELECT police_report_number FROM theft_reports;"));
        Assert.Equal(0, Scalar<long>(database, "SELECT count(*) FROM geofences;"));
        Assert.Equal("ok", Scalar<string>(database, "PRAGMA integrity_check;"));
        Assert.Equal(0, Scalar<long>(database, "SELECT count(*) FROM pragma_foreign_key_check;"));
    }

    [Fact]
    public void EnsureMigrated_VersionFourDatabaseWithTwoOpenReportsOfOneBike_KeepsTheFirstOpenAndClosesTheLater()
    {
        var database = _directory.OpenDatabase();
        Directory.CreateDirectory(database.DataDirectory);
        using (var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = string.Concat(SchemaMigrations.All.Take(4).Select(m => m.Sql)) + """
                PRAGMA user_version = 4;
                INSERT INTO theft_reports (device_id, police_report_number, stolen_at, reported_by, reported_at)
                    VALUES (285212673, 'AL-2026-0042', 1000, 'owner', 2000),
                           (285212673, 'AL-2026-0043', 1000, 'officer-wang', 2500),
                           (285212674, 'AL-2026-0044', 1000, 'owner', 3000);
                INSERT INTO theft_reports (device_id, police_report_number, stolen_at, reported_by, reported_at, recovered_at)
                    VALUES (285212673, 'AL-2025-0007', 500, 'owner', 600, 900);
                """;
            command.ExecuteNonQuery();
        }

        Assert.Equal(4, SchemaMigrations.All[3].Version);
        Assert.Equal(GatewayDatabase.LatestSchemaVersion, database.EnsureMigrated());

        Assert.Equal(ExpectedSchema, ReadSchema(database));
        Assert.Equal("AL-2026-0042,AL-2026-0044", Scalar<string>(database,
            "SELECT group_concat(police_report_number, ',') FROM (SELECT police_report_number FROM theft_reports WHERE recovered_at IS NULL ORDER BY id);"));
        Assert.Equal(2500, Scalar<long>(database, "SELECT recovered_at FROM theft_reports WHERE police_report_number = 'AL-2026-0043';"));
        Assert.Equal(900, Scalar<long>(database, "SELECT recovered_at FROM theft_reports WHERE police_report_number = 'AL-2025-0007';"));
        Assert.Equal("ok", Scalar<string>(database, "PRAGMA integrity_check;"));
    }

    [Fact]
    public void Schema_NewTables_AreStrict()
    {
        var database = _directory.OpenDatabase();

        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('alarms', 'alarm_events', 'theft_reports', 'geofences', 'api_tokens', 'audit_log') ORDER BY name;";
        using var reader = command.ExecuteReader();
        var strict = new List<string>();
        while (reader.Read())
        {
            strict.Add(reader.GetString(0));
        }

        Assert.Equal(["alarm_events", "alarms", "api_tokens", "audit_log", "geofences", "theft_reports"], strict);
    }

    [Theory]
    [InlineData(SynchronousMode.Full, 2)]
    [InlineData(SynchronousMode.Normal, 1)]
    public void OpenConnection_Always_ConfiguresWalSynchronousForeignKeysAndBusyTimeout(SynchronousMode mode, long expectedSynchronous)
    {
        var database = _directory.OpenDatabase(mode);

        using var connection = database.OpenConnection();

        Assert.Equal("wal", Scalar<string>(connection, "PRAGMA journal_mode;"));
        Assert.Equal(expectedSynchronous, Scalar<long>(connection, "PRAGMA synchronous;"));
        Assert.Equal(1, Scalar<long>(connection, "PRAGMA foreign_keys;"));
        Assert.Equal(GatewayDatabase.BusyTimeoutMilliseconds, Scalar<long>(connection, "PRAGMA busy_timeout;"));
    }

    [Fact]
    public void EnsureMigrated_DatabaseFromNewerGateway_ThrowsNamingBothVersions()
    {
        var database = _directory.OpenDatabase();
        Directory.CreateDirectory(database.DataDirectory);
        using (var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var exception = Assert.Throws<InvalidOperationException>(() => database.EnsureMigrated());

        Assert.Contains("schema version 99", exception.Message, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"up to {GatewayDatabase.LatestSchemaVersion}"), exception.Message, StringComparison.Ordinal);
        Assert.Contains(database.DatabasePath, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RelativeDataDirectory_ResolvesAgainstContentRoot()
    {
        var database = new GatewayDatabase(new StorageOptions(), "/srv/gateway");

        Assert.Equal("/srv/gateway/data", database.DataDirectory);
        Assert.Equal("/srv/gateway/data/gateway.db", database.DatabasePath);
    }

    [Fact]
    public void Constructor_AbsoluteDataDirectory_KeepsIt()
    {
        var database = new GatewayDatabase(new StorageOptions { DataDirectory = "/var/lib/safecommunity", DatabaseFileName = "g.db" }, "/srv/gateway");

        Assert.Equal("/var/lib/safecommunity/g.db", database.DatabasePath);
    }

    private static List<string> ReadSchema(GatewayDatabase database) =>
        DatabaseSql.SortedColumn(database, "SELECT type || ':' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%';");

    private static void Execute(GatewayDatabase database, string sql) => DatabaseSql.Execute(database, sql);

    private static T Scalar<T>(GatewayDatabase database, string sql) => DatabaseSql.Scalar<T>(database, sql);

    private static T Scalar<T>(DbConnection connection, string sql) => DatabaseSql.Scalar<T>(connection, sql);
}
