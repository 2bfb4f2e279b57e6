using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Storage.Registry;

namespace SafeCommunity.Iot.Storage.Tests.Registry;

public abstract class SeedFileTests : IDisposable
{
    private static readonly string SeedPath = Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json");

    private readonly TempDirectory _directory;

    private protected SeedFileTests(TempDirectory directory) => _directory = directory;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Read_SeedFile_IsValidWithTheSeedDeployment()
    {
        var result = RegistryImportFile.Read(SeedPath);

        Assert.True(result.IsValid, result.FormatErrors());
        var contents = result.Contents;
        Assert.Equal(["wufu", "tiangu", "shuanglong", "jiulong"], contents.Communities.Select(c => c.Id));
        Assert.Equal(78, contents.Devices.Count(d => d.Kind == DeviceKind.EbikeChip));
        Assert.Equal(62, contents.Devices.Count(d => d.Kind is DeviceKind.ElderWristband or DeviceKind.ChildWristband));
        Assert.All(contents.Devices.Where(d => d.Kind != DeviceKind.EbikeChip), d => Assert.NotNull(d.DevEui));
        foreach (var community in contents.Communities)
        {
            var receivers = contents.Receivers.Where(r => r.CommunityId == community.Id).ToList();
            Assert.Equal(3, receivers.Count(r => r.Kind == ReceiverKind.FixedBaseStation));
            Assert.Equal(1, receivers.Count(r => r.Kind == ReceiverKind.LoRaWanGateway));
            Assert.Equal(1, receivers.Count(r => r.Kind == ReceiverKind.LoRaP2PModule));
            Assert.Equal(4, receivers.Count(r => r.Kind == ReceiverKind.Mobile));
        }
    }

    [Fact]
    public void Read_SeedFile_KeysAreTheDocumentedDemoKeys()
    {
        var contents = RegistryImportFile.Read(SeedPath).Contents!;

        Assert.All(contents.Devices, d => Assert.Equal(TestData.DemoKeyHex(d.Id), d.Key.ToHex()));
    }

    [Fact]
    public void ImportFile_SeedFileTwice_StoresItOnceAndSurvivesARestart()
    {
        var store = new RegistryStore(_directory.OpenDatabase());
        var importer = new RegistryImporter(store, new DeviceRegistry());

        Assert.True(importer.ImportFile(SeedPath).IsValid);
        Assert.True(importer.ImportFile(SeedPath).IsValid);

        var loaded = new RegistryStore(_directory.OpenDatabase()).LoadAll();
        Assert.Equal(4, loaded.Communities.Count);
        Assert.Equal(36, loaded.Receivers.Count);
        Assert.Equal(78, loaded.Devices.Count(d => d.Kind == DeviceKind.EbikeChip));
        Assert.Equal(62, loaded.Devices.Count(d => d.Kind != DeviceKind.EbikeChip));
    }
}

public sealed class SeedFileSqliteTests() : SeedFileTests(new TempDirectory());

[Collection(PostgreSqlCollection.Name)]
public sealed class SeedFilePostgreSqlTests(PostgreSqlFixture postgres) : SeedFileTests(new TempDirectory(postgres.Server));
