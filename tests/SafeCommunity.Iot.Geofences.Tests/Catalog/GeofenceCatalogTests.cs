using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Geofences.Tests.Support;
using SafeCommunity.Iot.Storage.Geofences;

namespace SafeCommunity.Iot.Geofences.Tests.Catalog;

public sealed class GeofenceCatalogTests : IDisposable
{
    private readonly CatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void ImportGeoJson_ValidCollection_StoresAndIndexesEveryFence()
    {
        var catalog = _fixture.OpenCatalog();

        var result = catalog.ImportGeoJson(CatalogSamples.ThreeFences, "three.geojson");

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(["wang-home", "wufu-area", "wufu-school"], result.Imported.Select(f => f.Id));
        Assert.Equal(3, catalog.Count);
        Assert.Equal(["wang-home", "wufu-area", "wufu-school"], catalog.Fences.Select(f => f.Id));

        var stored = new GeofenceStore(_fixture.OpenDatabase()).LoadAll();
        Assert.Equal(["wang-home", "wufu-area", "wufu-school"], stored.Select(f => f.Id));
        Assert.All(stored, row => Assert.Equal(CatalogFixture.Now, row.UpdatedAt));
        foreach (var row in stored)
        {
            // What is stored is the library's own text, and it reads back as the fence in force.
            Assert.True(catalog.TryGet(row.Id, out var fence));
            Assert.Equal(GeofenceGeoJson.Write(fence), row.FeatureJson);
            Assert.Equal(fence, Assert.Single(GeofenceGeoJson.Read(row.FeatureJson).Fences));
        }

        // The index answers for the devices the fences watch.
        var elder = Fences.Device(570425345, DeviceKind.ElderWristband, "wufu");
        var near = catalog.Index.Candidates(elder, new GeoPoint(25.1015, 105.4685)).Select(f => f.Id).Order(StringComparer.Ordinal);
        Assert.Equal(["wang-home", "wufu-area"], near);
        Assert.Contains(_fixture.Logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Imported 3 geofences from three.geojson; 3 geofences in force", StringComparison.Ordinal));
    }

    [Fact]
    public void ImportGeoJson_SingleFeature_IsImported()
    {
        var catalog = _fixture.OpenCatalog();

        var result = catalog.ImportGeoJson(CatalogSamples.PondFeature);

        Assert.True(result.IsValid);
        Assert.True(catalog.TryGet("pond", out var pond));
        Assert.Equal(GeofenceMode.KeepOut, pond.Mode);
        Assert.Equal("pond", Assert.Single(new GeofenceStore(_fixture.OpenDatabase()).LoadAll()).Id);
    }

    [Fact]
    public void ImportGeoJson_OneBadFeature_WritesNothingAndTheErrorsNameFeatureAndField()
    {
        var catalog = _fixture.OpenCatalog();
        Assert.True(catalog.ImportGeoJson(CatalogSamples.PondFeature).IsValid);

        var result = catalog.ImportGeoJson(CatalogSamples.OneValidTwoBad, "bad.geojson");

        Assert.False(result.IsValid);
        Assert.Empty(result.Imported);
        Assert.Contains(result.Errors, e => e is { Feature: "pond", Field: "properties.mode", Code: GeofenceErrorCode.UnknownMode });
        Assert.Contains(result.Errors, e => e is { Feature: "pond", Field: "properties.schedule[0].start", Code: GeofenceErrorCode.InvalidTime });
        Assert.Contains(result.Errors, e => e is { Feature: "features[2]", Field: "properties.id", Code: GeofenceErrorCode.MissingField });
        Assert.Contains(result.Errors, e => e is { Feature: "features[2]", Field: "geometry.coordinates[0]", Code: GeofenceErrorCode.RingNotClosed });
        Assert.DoesNotContain(result.Errors, e => e.Feature == "wang-home");
        Assert.Contains("pond: properties.mode: ", result.FormatErrors(), StringComparison.Ordinal);

        // Nothing of it was written: not even the valid wang-home, and the pond stored before is as it was.
        var stored = Assert.Single(new GeofenceStore(_fixture.OpenDatabase()).LoadAll());
        Assert.Equal("pond", stored.Id);
        Assert.Contains("keep-out", stored.FeatureJson, StringComparison.Ordinal);
        Assert.Equal(["pond"], catalog.Fences.Select(f => f.Id));
        Assert.True(catalog.TryGet("pond", out var pond));
        Assert.Equal(GeofenceMode.KeepOut, pond.Mode);
        var rejected = Assert.Single(_fixture.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("bad.geojson", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("features[2]: properties.id", rejected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", GeofenceErrorCode.InvalidJson)]
    [InlineData("{ not json", GeofenceErrorCode.InvalidJson)]
    [InlineData("""{"type":"Point","coordinates":[105.47,25.1]}""", GeofenceErrorCode.NotAFeature)]
    public void ImportGeoJson_NotAFenceDocument_IsRejectedWithoutThrowing(string json, GeofenceErrorCode code)
    {
        var catalog = _fixture.OpenCatalog();

        var result = catalog.ImportGeoJson(json);

        Assert.Equal(code, Assert.Single(result.Errors).Code);
        Assert.Equal(0, catalog.Count);
        Assert.Equal(0, _fixture.Count("SELECT count(*) FROM geofences;"));
    }

    [Fact]
    public void ImportGeoJson_ExistingId_ReplacesTheFenceAndKeepsTheOthers()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportGeoJson(CatalogSamples.ThreeFences);
        var wider = CatalogSamples.PondFeature.Replace("\"radiusMetres\": 40", "\"radiusMetres\": 60", StringComparison.Ordinal);
        catalog.ImportGeoJson(CatalogSamples.PondFeature);

        var result = catalog.ImportGeoJson(wider);

        Assert.True(result.IsValid);
        Assert.Equal(4, catalog.Count);
        Assert.True(catalog.TryGet("pond", out var pond));
        Assert.Equal(60, Assert.IsType<CircleShape>(pond.Shape).RadiusMetres);
        Assert.Equal(4, _fixture.Count("SELECT count(*) FROM geofences;"));
        Assert.Equal(60, Assert.IsType<CircleShape>(_fixture.OpenCatalog().LoadFromStore().Loaded.Single(f => f.Id == "pond").Shape).RadiusMetres);
    }

    [Fact]
    public void LoadFromStore_NewCatalogOverTheSameDatabase_RefillsTheIndex()
    {
        var first = _fixture.OpenCatalog();
        first.ImportGeoJson(CatalogSamples.ThreeFences);
        var before = first.Fences;

        // A restart: a new database instance, store, index and catalog.
        var restarted = _fixture.OpenCatalog();
        Assert.Equal(0, restarted.Count);
        var result = restarted.LoadFromStore();

        Assert.Empty(result.Skipped);
        Assert.Equal(before, result.Loaded);
        Assert.Equal(before, restarted.Fences);
        Assert.Equal(3, restarted.Index.Count);
        Assert.Contains(_fixture.Logger.Entries, e => e.Message == "Loaded 3 geofences from the store (0 skipped)");
    }

    [Fact]
    public void LoadFromStore_EmptyStore_LoadsNothing()
    {
        var result = _fixture.OpenCatalog().LoadFromStore();

        Assert.Empty(result.Loaded);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void LoadFromStore_CorruptedStoredFences_AreSkippedWithALogAndTheOthersLoaded()
    {
        _fixture.OpenCatalog().ImportGeoJson(CatalogSamples.ThreeFences);
        _fixture.OpenCatalog().ImportGeoJson(CatalogSamples.PondFeature);

        // Edited behind the gateway's back: an unknown mode, a feature whose id is not the row's, a geometry only.
        _fixture.Execute("UPDATE geofences SET feature = replace(feature, '\"keep-in\"', '\"sideways\"') WHERE id = 'wufu-school';");
        _fixture.Execute("UPDATE geofences SET feature = replace(feature, '\"pond\"', '\"lake\"') WHERE id = 'pond';");
        _fixture.Execute("UPDATE geofences SET feature = '{\"type\":\"Point\",\"coordinates\":[105.47,25.1]}' WHERE id = 'wang-home';");
        var catalog = _fixture.OpenCatalog();

        var result = catalog.LoadFromStore();

        Assert.Equal(["wufu-area"], result.Loaded.Select(f => f.Id));
        Assert.Equal(["wufu-area"], catalog.Fences.Select(f => f.Id));
        Assert.Equal(["pond", "wang-home", "wufu-school"], result.Skipped.Select(s => s.Id));
        Assert.Contains("properties.mode", result.Skipped.Single(s => s.Id == "wufu-school").Reason, StringComparison.Ordinal);
        Assert.Contains("'lake' differs from the row's id", result.Skipped.Single(s => s.Id == "pond").Reason, StringComparison.Ordinal);
        Assert.Contains("NotAFeature", result.Skipped.Single(s => s.Id == "wang-home").Reason, StringComparison.Ordinal);

        var warnings = _fixture.Logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("Skipped stored geofence wufu-school", StringComparison.Ordinal) && w.Contains("sideways", StringComparison.Ordinal));
        Assert.Contains(_fixture.Logger.Entries, e => e.Message == "Loaded 1 geofences from the store (3 skipped)");

        // The bad rows stay in the store for an administrator to see; importing a fixed fence heals it.
        Assert.Equal(4, _fixture.Count("SELECT count(*) FROM geofences;"));
        Assert.True(catalog.ImportGeoJson(CatalogSamples.PondFeature).IsValid);
        Assert.DoesNotContain(_fixture.OpenCatalog().LoadFromStore().Skipped, s => s.Id == "pond");
    }

    [Fact]
    public void LoadFromStore_FenceRemovedFromTheStoreBehindItsBack_LeavesTheIndex()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportGeoJson(CatalogSamples.ThreeFences);
        _fixture.Execute("DELETE FROM geofences WHERE id = 'wang-home';");

        catalog.LoadFromStore();

        Assert.Equal(["wufu-area", "wufu-school"], catalog.Fences.Select(f => f.Id));
    }

    [Fact]
    public void Remove_StoredFence_LeavesStoreAndIndex()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportGeoJson(CatalogSamples.ThreeFences);

        Assert.True(catalog.Remove("wang-home"));
        Assert.False(catalog.Remove("wang-home"));
        Assert.False(catalog.Remove("no-such-fence"));

        Assert.Equal(["wufu-area", "wufu-school"], catalog.Fences.Select(f => f.Id));
        Assert.False(catalog.Index.TryGet("wang-home", out _));
        Assert.Equal(["wufu-area", "wufu-school"], _fixture.OpenCatalog().LoadFromStore().Loaded.Select(f => f.Id));
        Assert.Contains(_fixture.Logger.Entries, e => e.Message == "Removed geofence wang-home; 2 geofences in force");
    }

    [Fact]
    public void ExportGeoJson_ThenImportIntoAnotherGateway_GivesTheSameFences()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportGeoJson(CatalogSamples.ThreeFences);
        catalog.ImportFile(CatalogFixture.SeedFile);

        var exported = catalog.ExportGeoJson();
        var other = _fixture.OpenCatalog("other-gateway");
        var result = other.ImportGeoJson(exported, "export");

        Assert.True(result.IsValid, result.FormatErrors());
        Assert.Equal(13, other.Count);
        Assert.Equal(catalog.Fences, other.Fences);
        Assert.Equal(exported, other.ExportGeoJson());
        Assert.Equal(catalog.Fences.Select(f => f.Id), result.Imported.Select(f => f.Id));
    }

    [Fact]
    public void ExportGeoJson_NoFences_IsAnEmptyFeatureCollection()
    {
        var exported = _fixture.OpenCatalog().ExportGeoJson(indented: false);

        Assert.Equal("""{"type":"FeatureCollection","features":[]}""", exported);
    }

    [Fact]
    public void ImportFile_MissingFile_Throws()
    {
        var catalog = _fixture.OpenCatalog();

        Assert.Throws<FileNotFoundException>(() => catalog.ImportFile(_fixture.File("no-such.geojson")));
    }
}
