using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SafeCommunity.Iot.Core.Geofencing;
using SafeCommunity.Iot.Storage.Geofences;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Storage.Tests.Geofences;

public abstract class GeofenceStoreTests : IDisposable
{
    private const string SchoolFeature = """
        {"type":"Feature","id":"wufu-school","geometry":{"type":"Point","coordinates":[105.4680,25.1002]},"properties":{"id":"wufu-school","name":"五福小学 (Wufu primary school)","mode":"keep-in","radiusMetres":150,"assignment":{"kind":"child-wristband","community":"wufu"},"schedule":[{"days":["mon","tue","wed","thu","fri"],"start":"07:30","end":"17:00"}]}}
        """;

    private const string RiverFeature = """
        {"type":"Feature","id":"jiulong-river-bank","geometry":{"type":"Polygon","coordinates":[[[105.4588,25.0870],[105.4596,25.0870],[105.4596,25.0930],[105.4588,25.0930],[105.4588,25.0870]]]},"properties":{"id":"jiulong-river-bank","name":"九龙河岸 (Jiulong river bank)","mode":"keep-out","assignment":{"kind":"child-wristband","community":"jiulong"}}}
        """;

    private readonly TempDirectory _directory;

    private protected GeofenceStoreTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void LoadAll_EmptyDatabase_ReturnsNothing()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());

        Assert.Empty(store.LoadAll());
    }

    [Fact]
    public void SaveAll_ThenLoadAll_RoundTripsTextAndTimeOrderedById()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());
        var at = new DateTimeOffset(2026, 11, 29, 16, 35, 59, 123, TimeSpan.FromHours(8)).AddTicks(4567);

        store.SaveAll([new StoredGeofence("wufu-school", SchoolFeature, at), new StoredGeofence("jiulong-river-bank", RiverFeature, at)]);
        var loaded = store.LoadAll();

        Assert.Equal(["jiulong-river-bank", "wufu-school"], loaded.Select(f => f.Id));
        Assert.Equal(RiverFeature, loaded[0].FeatureJson);
        Assert.Equal(SchoolFeature, loaded[1].FeatureJson);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 8, 35, 59, 123, TimeSpan.Zero), loaded[1].UpdatedAt);
        Assert.Equal(TimeSpan.Zero, loaded[1].UpdatedAt.Offset);
    }

    [Fact]
    public void SaveAll_ExistingId_ReplacesFeatureAndTime()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());
        store.SaveAll([new StoredGeofence("wufu-school", SchoolFeature, TestData.T0), new StoredGeofence("jiulong-river-bank", RiverFeature, TestData.T0)]);
        var moved = SchoolFeature.Replace("150", "180", StringComparison.Ordinal);

        store.SaveAll([new StoredGeofence("wufu-school", moved, TestData.T0.AddHours(1))]);
        var loaded = store.LoadAll();

        Assert.Equal(2, loaded.Count);
        var school = Assert.Single(loaded, f => f.Id == "wufu-school");
        Assert.Equal(moved, school.FeatureJson);
        Assert.Equal(SqliteAsStored(TestData.T0.AddHours(1)), school.UpdatedAt);
        Assert.Equal(RiverFeature, Assert.Single(loaded, f => f.Id == "jiulong-river-bank").FeatureJson);
    }

    [Fact]
    public void SaveAll_SameIdTwiceInOneCall_TheLaterWins()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());

        store.SaveAll([new StoredGeofence("wufu-school", SchoolFeature, TestData.T0), new StoredGeofence("wufu-school", RiverFeature, TestData.T0)]);

        Assert.Equal(RiverFeature, Assert.Single(store.LoadAll()).FeatureJson);
    }

    [Fact]
    public void SaveAll_OneFeatureNotJson_WritesNothing()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());
        store.SaveAll([new StoredGeofence("jiulong-river-bank", RiverFeature, TestData.T0)]);

        Assert.ThrowsAny<DbException>(() => store.SaveAll(
        [
            new StoredGeofence("wufu-school", SchoolFeature, TestData.T0),
            new StoredGeofence("jiulong-river-bank", "{not json", TestData.T0),
        ]));

        var stored = Assert.Single(store.LoadAll());
        Assert.Equal(RiverFeature, stored.FeatureJson);
    }

    [Fact]
    public void SaveAll_EntryWithoutId_ThrowsBeforeWriting()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());

        Assert.Throws<ArgumentException>(() => store.SaveAll(
            [new StoredGeofence("wufu-school", SchoolFeature, TestData.T0), new StoredGeofence(" ", RiverFeature, TestData.T0)]));

        Assert.Empty(store.LoadAll());
    }

    [Fact]
    public void Delete_StoredFence_RemovesOnlyItAndReportsWhetherItWasThere()
    {
        var store = new GeofenceStore(_directory.OpenDatabase());
        store.SaveAll([new StoredGeofence("wufu-school", SchoolFeature, TestData.T0), new StoredGeofence("jiulong-river-bank", RiverFeature, TestData.T0)]);

        Assert.True(store.Delete("wufu-school"));
        Assert.False(store.Delete("wufu-school"));
        Assert.False(store.Delete("no-such-fence"));

        Assert.Equal("jiulong-river-bank", Assert.Single(store.LoadAll()).Id);
    }

    [Fact]
    public void SaveAll_ThenRestart_FencesAreStillThere()
    {
        var first = _directory.OpenDatabase();
        new GeofenceStore(first).SaveAll([new StoredGeofence("wufu-school", SchoolFeature, TestData.T0)]);
        first.Dispose();

        var loaded = new GeofenceStore(_directory.OpenDatabase()).LoadAll();

        Assert.Equal(SchoolFeature, Assert.Single(loaded).FeatureJson);
    }

    [Fact]
    public void AddGatewayStorage_RegistersTheStoreAsIGeofenceStore()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _directory.Path,
        });
        builder.Configuration.AddInMemoryCollection([]);
        builder.AddGatewayStorage();
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<IGeofenceStore>();

        Assert.IsType<GeofenceStore>(store);
        Assert.Same(host.Services.GetRequiredService<GeofenceStore>(), store);
        Assert.Empty(store.LoadAll());
    }

    private static DateTimeOffset SqliteAsStored(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}

public sealed class GeofenceStoreSqliteTests() : GeofenceStoreTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class GeofenceStorePostgreSqlTests(PostgreSqlFixture postgres) : GeofenceStoreTests(new TempDirectory(postgres.Server));
