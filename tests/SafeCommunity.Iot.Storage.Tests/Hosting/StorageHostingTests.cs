using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.Registry;
using SafeCommunity.Iot.Storage.Tests.Alarms;
using SafeCommunity.Iot.Storage.Tests.Registry;

namespace SafeCommunity.Iot.Storage.Tests.Hosting;

public abstract class StorageHostingTests : IDisposable
{
    private static readonly string SeedPath = Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json");

    private readonly TempDirectory _directory;

    private protected StorageHostingTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task StartAsync_ImportOnStartBadFile_FailsListingTheErrors()
    {
        var path = _directory.File("bad-import.json");
        await File.WriteAllTextAsync(path, ImportSamples.Mutated("bad key"));
        using var host = BuildHost(new() { ["Storage:ImportOnStart"] = path });

        var exception = await Assert.ThrowsAsync<RegistryImportException>(() => host.StartAsync());

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("devices[1] (id 570425345): key must be 32 hex digits", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ImportSamples.ChipKey, exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(exception.Errors);
        Assert.Empty(host.Services.GetRequiredService<RegistryStore>().LoadAll().Devices);
    }

    [Fact]
    public async Task StartAsync_ImportOnStartMissingFile_Fails()
    {
        using var host = BuildHost(new() { ["Storage:ImportOnStart"] = "no-such-file.json" });

        var exception = await Assert.ThrowsAsync<RegistryImportException>(() => host.StartAsync());

        Assert.Contains(_directory.File("no-such-file.json"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ImportOnStartSeedFile_FillsStoreAndRegistry()
    {
        using var host = BuildHost(new() { ["Storage:ImportOnStart"] = SeedPath });

        await host.StartAsync();
        try
        {
            var registry = host.Services.GetRequiredService<DeviceRegistry>();
            Assert.Equal(140, registry.DeviceCount);
            Assert.Equal(4, registry.Communities.Count());
            Assert.True(registry.TryGetDeviceByNetworkServerId("wb-tg-003", out _));
            var database = host.Services.GetRequiredService<GatewayDatabase>();
            Assert.Equal(_directory.Provider, database.Provider);
            if (database.Provider == StorageProvider.Sqlite)
            {
                Assert.Equal(Path.Combine(_directory.Path, "data", "gateway.db"), database.DatabasePath);
                Assert.True(File.Exists(database.DatabasePath));
            }
            else
            {
                Assert.StartsWith("postgresql://postgres@127.0.0.1:", database.DatabasePath, StringComparison.Ordinal);
            }

            Assert.IsType<Storage.State.DeviceStateStore>(host.Services.GetRequiredService<IDeviceStateStore>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_AfterRestart_RegistryComesFromTheStore()
    {
        using (var first = BuildHost(new() { ["Storage:ImportOnStart"] = SeedPath }))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        using var second = BuildHost([]);
        await second.StartAsync();
        try
        {
            Assert.Equal(140, second.Services.GetRequiredService<DeviceRegistry>().DeviceCount);
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_StoredTheftReports_ActiveOnesAreInTheRegistryBeforeAnythingRuns()
    {
        TheftReport active;
        using (var first = BuildHost([]))
        {
            await first.StartAsync();
            var store = first.Services.GetRequiredService<IAlarmStore>();
            active = store.SaveTheft(AlarmTestData.Theft(285212673));
            var recovered = store.SaveTheft(AlarmTestData.Theft(570425345));
            store.SaveTheft(recovered with { RecoveredAt = TestData.T0 });
            await first.StopAsync();
        }

        using var second = BuildHost([]);
        await second.StartAsync();
        try
        {
            var registry = second.Services.GetRequiredService<DeviceRegistry>();
            Assert.True(registry.TryGetActiveTheft(285212673, out var report));
            Assert.Equal(active, report);
            Assert.False(registry.TryGetActiveTheft(570425345, out _));
            Assert.IsType<AlarmStore>(second.Services.GetRequiredService<IAlarmStore>());
            Assert.Same(second.Services.GetRequiredService<AlarmStore>(), second.Services.GetRequiredService<IAlarmStore>());
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Theory]
    [InlineData("Storage:TrailPruneInterval", "00:00:00", "Storage:TrailPruneInterval must be between")]
    [InlineData("Storage:TrailRetention", "-1.00:00:00", "Storage:TrailRetention must be positive")]
    [InlineData("Storage:AuditRetention", "179.00:00:00", "Storage:AuditRetention must be at least 180 days")]
    [InlineData("Storage:CheckpointInterval", "00:00:00", "Storage:CheckpointInterval must be between")]
    [InlineData("Storage:CheckpointInterval", "00:05:00", "Storage:CheckpointInterval must be between")]
    [InlineData("Storage:DatabaseFileName", "sub/gateway.db", "Storage:DatabaseFileName must be a plain file name")]
    [InlineData("Storage:DataDirectory", " ", "Storage:DataDirectory must name a folder")]
    [InlineData("Storage:Provider", "MySql", "Storage:Provider must be Sqlite or PostgreSql; it is 'MySql'.")]
    [InlineData("Storage:Provider", "1", "Storage:Provider must be Sqlite or PostgreSql; it is '1'.")]
    public async Task StartAsync_InvalidOption_FailsNamingTheSetting(string key, string value, string expected)
    {
        using var host = BuildHost(new() { [key] = value });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Storage:ConnectionString is required with the PostgreSql provider")]
    [InlineData("Host=db;Password=s3cret-pass;Flavour=mint", "Storage:ConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("Database=safecomm;Password=s3cret-pass", "Storage:ConnectionString must name the server (Host=...)")]
    public async Task StartAsync_PostgreSqlWithoutAUsableConnectionString_FailsWithoutShowingIt(string connectionString, string expected)
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "PostgreSql", ["Storage:ConnectionString"] = connectionString });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreTheDocumentedOnes()
    {
        var options = new StorageOptions();

        Assert.Equal("Sqlite", options.Provider);
        Assert.Null(options.ConnectionString);
        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal("gateway.db", options.DatabaseFileName);
        Assert.Equal(SynchronousMode.Full, options.Synchronous);
        Assert.Equal(TimeSpan.FromDays(7), options.TrailRetention);
        Assert.Equal(TimeSpan.FromMinutes(10), options.TrailPruneInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.CheckpointInterval);
        Assert.Null(options.ImportOnStart);
    }

    [Fact]
    public void Options_FromConfiguration_AreBound()
    {
        using var host = BuildHost(new()
        {
            ["Storage:Synchronous"] = "Normal",
            ["Storage:TrailRetention"] = "2.00:00:00",
            ["Storage:DatabaseFileName"] = "county.db",
        });

        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var database = host.Services.GetRequiredService<GatewayDatabase>();

        Assert.Equal(SynchronousMode.Normal, options.Synchronous);
        Assert.Equal(TimeSpan.FromDays(2), options.TrailRetention);
        Assert.Equal(Path.Combine(_directory.Path, "data"), database.DataDirectory);
        if (database.Provider == StorageProvider.Sqlite)
        {
            Assert.Equal(Path.Combine(_directory.Path, "data", "county.db"), database.DatabasePath);
        }
    }

    [Fact]
    public void PruneOnce_PointsOlderThanRetention_AreDeleted()
    {
        using var host = BuildHost(new() { ["Storage:TrailRetention"] = "1.00:00:00" });
        var writer = host.Services.GetRequiredService<IStateAndAlarmWriter>();
        var batch = new StateAndAlarmBatch();
        batch.Trail.AddRange([
            TestData.Point(1, TestData.T0.AddDays(-3)),
            TestData.Point(1, TestData.T0.AddHours(-25)),
            TestData.Point(1, TestData.T0.AddHours(-23)),
        ]);
        writer.Commit(batch);
        var service = ActivatorUtilities.CreateInstance<RetentionService>(host.Services, new FixedTimeProvider(TestData.T0));

        Assert.Equal(new RetentionPass(2, 0), service.PruneOnce());
        Assert.Equal(new RetentionPass(0, 0), service.PruneOnce());
        Assert.Single(host.Services.GetRequiredService<IDeviceStateStore>().GetTrail(1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public void PruneOnce_AuditLinesOlderThanTheAuditRetention_AreDeleted_TheRestKept()
    {
        using var host = BuildHost(new() { ["Storage:AuditRetention"] = "200.00:00:00" });
        var access = host.Services.GetRequiredService<IAccessStore>();
        access.AuditAll([
            Line(TestData.T0.AddDays(-400), "device 1"),
            Line(TestData.T0.AddDays(-201), "device 2"),
            Line(TestData.T0.AddDays(-199), "device 3"),
        ]);
        access.Audit(Line(TestData.T0.AddHours(-1), "device 4"));
        var service = ActivatorUtilities.CreateInstance<RetentionService>(host.Services, new FixedTimeProvider(TestData.T0));

        Assert.Equal(new RetentionPass(0, 2), service.PruneOnce());
        Assert.Equal(new RetentionPass(0, 0), service.PruneOnce());
        Assert.Equal(
            ["device 4", "device 3"],
            access.ListAudit(new AuditQuery(null, null, null, null, 10)).Select(line => line.Target));
    }

    private static AuditRecord Line(DateTimeOffset at, string target) =>
        new(0, at, "tok-post-wufu", "Wufu police room", AuditActions.Locate, target, null);

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _directory.Path,
        });
        // The store's settings (which provider, and where), then the test's own, which win.
        builder.Configuration.AddInMemoryCollection(_directory.Settings);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayStorage();
        return builder.Build();
    }

    private sealed class FixedTimeProvider : TimeProvider
    {
        private readonly DateTimeOffset _now;

        public FixedTimeProvider(DateTimeOffset now) => _now = now;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}

public sealed class StorageHostingSqliteTests() : StorageHostingTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class StorageHostingPostgreSqlTests(PostgreSqlFixture postgres) : StorageHostingTests(new TempDirectory(postgres.Server));
