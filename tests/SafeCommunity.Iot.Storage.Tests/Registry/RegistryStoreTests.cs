using System.Data.Common;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Registry;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Tests.Registry;

public abstract class RegistryStoreTests : IDisposable
{
    private readonly TempDirectory _directory;

    private protected RegistryStoreTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void LoadAll_NewDatabase_IsEmpty()
    {
        var store = new RegistryStore(_directory.OpenDatabase());

        var contents = store.LoadAll();

        Assert.Empty(contents.Communities);
        Assert.Empty(contents.Receivers);
        Assert.Empty(contents.Devices);
    }

    [Fact]
    public void Import_ThenLoadAllAfterRestart_RoundTripsEveryField()
    {
        var imported = RegistryImportFile.Parse(ImportSamples.Valid).Contents!;
        new RegistryStore(_directory.OpenDatabase()).Import(imported);

        var loaded = new RegistryStore(_directory.OpenDatabase()).LoadAll();

        // The store orders by id; compare as sets of records (keys compare by value).
        Assert.Equal(imported.Communities.OrderBy(c => c.Id, StringComparer.Ordinal), loaded.Communities);
        Assert.Equal(imported.Receivers.OrderBy(r => r.Id, StringComparer.Ordinal), loaded.Receivers);
        Assert.Equal(imported.Devices.OrderBy(d => d.Id), loaded.Devices);
        Assert.Equal(ImportSamples.WristbandKey, loaded.Devices.Single(d => d.Id == ImportSamples.WristbandId).Key.ToHex());
    }

    [Fact]
    public void Import_ExistingRows_UpdatesThem()
    {
        var store = new RegistryStore(_directory.OpenDatabase());
        var community = TestData.Community("wufu");
        var device = TestData.Device(1, "wufu", devEui: "70b3d57e00000001");
        store.Import(new RegistryContents([community], [TestData.FixedReceiver("wufu-gate-north", "wufu")], [device]));

        var renamed = community with { Name = "五福社区 Wufu", PoliceRoom = "new room" };
        var moved = device with { DisplayName = "new name", DevEui = null, Key = TestData.Device(2, "wufu").Key, LowBatteryPercent = 25 };
        store.Import(new RegistryContents([renamed], [], [moved]));

        var loaded = store.LoadAll();
        Assert.Equal(renamed, Assert.Single(loaded.Communities));
        Assert.Single(loaded.Receivers);
        Assert.Equal(moved, Assert.Single(loaded.Devices));
    }

    [Fact]
    public void Import_TwoDevicesSwapDevEuis_Succeeds()
    {
        var store = new RegistryStore(_directory.OpenDatabase());
        var a = TestData.Device(1, "wufu", devEui: "00000000000000aa");
        var b = TestData.Device(2, "wufu", devEui: "00000000000000bb");
        store.Import(new RegistryContents([TestData.Community("wufu")], [], [a, b]));

        store.Import(new RegistryContents([], [], [a with { DevEui = b.DevEui }, b with { DevEui = a.DevEui }]));

        var loaded = store.LoadAll().Devices;
        Assert.Equal("00000000000000bb", loaded[0].DevEui);
        Assert.Equal("00000000000000aa", loaded[1].DevEui);
    }

    [Fact]
    public void Import_ConstraintFailsOnLastRow_WritesNothing()
    {
        var store = new RegistryStore(_directory.OpenDatabase());
        var contents = new RegistryContents(
            [TestData.Community("wufu")],
            [TestData.FixedReceiver("wufu-gate-north", "wufu")],
            [TestData.Device(1, "wufu"), TestData.Device(2, "no-such-community")]);

        var exception = Assert.ThrowsAny<DbException>(() => store.Import(contents));

        Assert.Contains("FOREIGN KEY", exception.Message, StringComparison.OrdinalIgnoreCase);
        var loaded = store.LoadAll();
        Assert.Empty(loaded.Communities);
        Assert.Empty(loaded.Receivers);
        Assert.Empty(loaded.Devices);
    }

    [Fact]
    public void RemoveDevice_Enrolled_RemovesItsStateAndTrailOnly()
    {
        var database = _directory.OpenDatabase();
        var store = new RegistryStore(database);
        store.Import(new RegistryContents([TestData.Community("wufu")], [], [TestData.Device(1, "wufu"), TestData.Device(2, "wufu")]));
        var states = new DeviceStateStore(database);
        using var writer = new StateAndAlarmWriter(database);
        var batch = new StateAndAlarmBatch();
        batch.States.AddRange([TestData.State(1, 10), TestData.State(2, 20)]);
        batch.Trail.AddRange([TestData.Point(1, TestData.T0), TestData.Point(2, TestData.T0)]);
        writer.Commit(batch);

        Assert.True(store.RemoveDevice(1));

        Assert.Equal([2u], store.LoadAll().Devices.Select(d => d.Id));
        Assert.Null(states.Find(1));
        Assert.Empty(states.GetTrail(1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
        Assert.NotNull(states.Find(2));
        Assert.Single(states.GetTrail(2, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public void RemoveDevice_NotEnrolled_ReturnsFalse()
    {
        var store = new RegistryStore(_directory.OpenDatabase());

        Assert.False(store.RemoveDevice(12345));
    }
}

public sealed class RegistryStoreSqliteTests() : RegistryStoreTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class RegistryStorePostgreSqlTests(PostgreSqlFixture postgres) : RegistryStoreTests(new TempDirectory(postgres.Server));
