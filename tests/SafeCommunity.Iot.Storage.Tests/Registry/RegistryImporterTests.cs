using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Storage.Registry;

namespace SafeCommunity.Iot.Storage.Tests.Registry;

public abstract class RegistryImporterTests : IDisposable
{
    private readonly TempDirectory _directory;

    private protected RegistryImporterTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("bad key", "devices[1] (id 570425345): key must be 32 hex digits")]
    [InlineData("unknown community", "devices[0] (id 285212673): community 'jiulong' does not exist")]
    [InlineData("duplicate device id", "devices[1] (id 285212673): duplicate id: devices[0] has it too")]
    [InlineData("fixed without position", "receivers[0] (id wufu-gate-north): a fixed-base-station needs latitude and longitude")]
    [InlineData("bad time zone", "communities[1] (id tiangu): timeZone 'Mars/Olympus_Mons' is not a known IANA time zone")]
    public void ImportFile_OneBadRow_WritesNothingAndNamesTheRow(string mutation, string expected)
    {
        var (store, registry, importer) = Create();
        var path = _directory.File("import.json");
        File.WriteAllText(path, ImportSamples.Mutated(mutation));

        var result = importer.ImportFile(path);

        Assert.False(result.IsValid);
        Assert.StartsWith(expected, Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
        AssertEmpty(store.LoadAll());
        Assert.Equal(0, registry.DeviceCount);
        Assert.Empty(registry.Communities);
    }

    [Fact]
    public void ImportFile_MalformedJson_WritesNothing()
    {
        var (store, _, importer) = Create();
        var path = _directory.File("import.json");
        File.WriteAllText(path, ImportSamples.Valid[..^40]);

        var result = importer.ImportFile(path);

        Assert.StartsWith("malformed JSON at line ", Assert.Single(result.Errors).Reason, StringComparison.Ordinal);
        AssertEmpty(store.LoadAll());
    }

    [Fact]
    public void ImportFile_BadRowOverExistingRegistry_LeavesItUnchanged()
    {
        var (store, _, importer) = Create();
        var path = _directory.File("import.json");
        File.WriteAllText(path, ImportSamples.Valid);
        Assert.True(importer.ImportFile(path).IsValid);
        var before = store.LoadAll();

        File.WriteAllText(path, ImportSamples.Mutated("bad key").Replace("五福社区 Wufu", "renamed", StringComparison.Ordinal));
        Assert.False(importer.ImportFile(path).IsValid);

        var after = store.LoadAll();
        Assert.Equal(before.Communities, after.Communities);
        Assert.Equal(before.Receivers, after.Receivers);
        Assert.Equal(before.Devices, after.Devices);
    }

    [Fact]
    public void ImportFile_Valid_StoresAndUpdatesTheRegistry()
    {
        var (store, registry, importer) = Create();
        var path = _directory.File("import.json");
        File.WriteAllText(path, ImportSamples.Valid);

        var result = importer.ImportFile(path);

        Assert.True(result.IsValid, result.FormatErrors());
        Assert.Equal(2, store.LoadAll().Devices.Count);
        Assert.True(registry.TryGetDeviceByDevEui("70B3D57E22000001", out var wristband));
        Assert.Equal(ImportSamples.WristbandId, wristband.Id);
        Assert.True(registry.TryGetDeviceByNetworkServerId("wb-tg-001", out _));
        Assert.True(registry.TryGetReceiver("wufu-gate-north", out _));
    }

    [Fact]
    public void ImportFile_DevEuiHeldByEnrolledDevice_IsRejected()
    {
        var (store, _, importer) = Create();
        store.Import(new RegistryContents([TestData.Community("wufu")], [], [TestData.Device(99, "wufu", devEui: "70b3d57e22000001")]));
        var path = _directory.File("import.json");
        File.WriteAllText(path, ImportSamples.Valid);

        var result = importer.ImportFile(path);

        Assert.Equal("devices[1] (id 570425345): devEui is already held by enrolled device 99", Assert.Single(result.Errors).ToString());
    }

    private (RegistryStore Store, DeviceRegistry Registry, RegistryImporter Importer) Create()
    {
        var store = new RegistryStore(_directory.OpenDatabase());
        var registry = new DeviceRegistry();
        return (store, registry, new RegistryImporter(store, registry));
    }

    private static void AssertEmpty(RegistryContents contents)
    {
        Assert.Empty(contents.Communities);
        Assert.Empty(contents.Receivers);
        Assert.Empty(contents.Devices);
    }
}

public sealed class RegistryImporterSqliteTests() : RegistryImporterTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class RegistryImporterPostgreSqlTests(PostgreSqlFixture postgres) : RegistryImporterTests(new TempDirectory(postgres.Server));
