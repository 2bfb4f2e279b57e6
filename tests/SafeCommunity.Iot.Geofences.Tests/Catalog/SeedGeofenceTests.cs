using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.Catalog;

/// <summary>The seed deployment's fences (src/SafeCommunity.Iot.Gateway/Seed/anlong-geofences.geojson).</summary>
public sealed class SeedGeofenceTests : IDisposable
{
    private static readonly string[] Communities = ["jiulong", "shuanglong", "tiangu", "wufu"];

    private readonly CatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void SeedFile_ImportsThroughTheCatalogWithoutErrors()
    {
        var catalog = _fixture.OpenCatalog();

        var result = catalog.ImportFile(CatalogFixture.SeedFile);

        Assert.True(result.IsValid, result.FormatErrors());
        Assert.Empty(result.Errors);
        Assert.Equal(10, result.Imported.Count);
        Assert.Equal(10, catalog.Count);
        Assert.Equal(10, _fixture.OpenCatalog().LoadFromStore().Loaded.Count);
    }

    [Fact]
    public void SeedFile_EveryCommunityHasAKeepInAreaForItsElderAndChildWristbands()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportFile(CatalogFixture.SeedFile);

        foreach (var community in Communities)
        {
            foreach (var (kind, suffix) in new[] { (DeviceKind.ElderWristband, "elder"), (DeviceKind.ChildWristband, "child") })
            {
                Assert.True(catalog.TryGet($"{community}-boundary-{suffix}", out var fence), $"{community}-boundary-{suffix}");
                Assert.Equal(GeofenceMode.KeepIn, fence.Mode);
                Assert.Equal(new KindAssignment(kind, community), fence.Assignment);
                Assert.Null(fence.Schedule);
                var polygon = Assert.IsType<PolygonShape>(fence.Shape).Polygon;
                Assert.True(polygon.Shell.IsCCW, "RFC 7946 winding: exterior rings counter-clockwise");

                // 500-700 m across.
                var envelope = polygon.EnvelopeInternal;
                var (perLatitude, perLongitude) = LocalGeodesy.MetresPerDegree(envelope.Centre.Y);
                Assert.InRange(envelope.Width * perLongitude, 500, 700);
                Assert.InRange(envelope.Height * perLatitude, 500, 700);
            }

            Assert.True(catalog.TryGet($"{community}-boundary-elder", out var elder));
            Assert.True(catalog.TryGet($"{community}-boundary-child", out var child));
            Assert.Equal(elder.Shape, child.Shape);
        }
    }

    [Fact]
    public void SeedFile_EveryPlacedReceiverIsInsideItsOwnCommunityAndNoOther()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportFile(CatalogFixture.SeedFile);
        using var registry = JsonDocument.Parse(File.ReadAllText(CatalogFixture.SeedRegistryFile));

        var placed = 0;
        foreach (var receiver in registry.RootElement.GetProperty("receivers").EnumerateArray())
        {
            if (!receiver.TryGetProperty("latitude", out var latitude))
            {
                continue;
            }

            placed++;
            var point = new GeoPoint(latitude.GetDouble(), receiver.GetProperty("longitude").GetDouble());
            var own = receiver.GetProperty("community").GetString();
            foreach (var community in Communities)
            {
                Assert.True(catalog.Index.TryGet($"{community}-boundary-elder", out var area));
                Assert.Equal(community == own, area.Contains(point));
                if (community == own)
                {
                    // Well inside: a fix there with GNSS accuracy is clearly inside.
                    Assert.Equal(FenceSide.Inside, area.Classify(point, 20));
                }
            }
        }

        Assert.Equal(20, placed);
    }

    [Fact]
    public void SeedFile_SchoolFenceIsAWeekdayCircleInsideWufuForItsChildren()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportFile(CatalogFixture.SeedFile);

        Assert.True(catalog.TryGet("wufu-school-hours", out var school));
        Assert.Equal(GeofenceMode.KeepIn, school.Mode);
        Assert.Equal(new KindAssignment(DeviceKind.ChildWristband, "wufu"), school.Assignment);
        var circle = Assert.IsType<CircleShape>(school.Shape);
        Assert.Equal(150, circle.RadiusMetres);
        var window = Assert.Single(school.Schedule!.Windows);
        Assert.Equal(new ScheduleWindow(WeekDays.Workdays, new TimeOnly(7, 30), new TimeOnly(17, 0)), window);
        Assert.True(school.Schedule.IsActive(Fences.MondayNine, Fences.Shanghai));
        Assert.False(school.Schedule.IsActive(Fences.MondayNine.AddDays(5), Fences.Shanghai));

        // The whole school, with a fix's accuracy and the margin, lies in the Wufu children's area.
        Assert.True(catalog.Index.TryGet("wufu-boundary-child", out var area));
        Assert.True(area.DistanceToBoundaryMetres(circle.Centre) > circle.RadiusMetres + 30);
        Assert.Equal(FenceSide.Inside, area.Classify(circle.Centre, circle.RadiusMetres));
    }

    [Fact]
    public void SeedFile_RiverBankIsAKeepOutForJiulongChildrenOnTheWesternEdge()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportFile(CatalogFixture.SeedFile);

        Assert.True(catalog.TryGet("jiulong-river-bank", out var bank));
        Assert.Equal(GeofenceMode.KeepOut, bank.Mode);
        Assert.Equal(new KindAssignment(DeviceKind.ChildWristband, "jiulong"), bank.Assignment);
        Assert.Equal(TimeSpan.FromSeconds(30), bank.Debounce!.ConfirmAfter);

        // The bank runs along Jiulong's west side: partly inside the community's area, partly beyond it.
        var bankPolygon = Assert.IsType<PolygonShape>(bank.Shape).Polygon;
        Assert.True(catalog.TryGet("jiulong-boundary-child", out var area));
        var areaPolygon = Assert.IsType<PolygonShape>(area.Shape).Polygon;
        Assert.True(bankPolygon.Intersects(areaPolygon));
        Assert.False(areaPolygon.Contains(bankPolygon));
    }

    [Fact]
    public void SeedFences_ElderLeavingWufu_IsConfirmedAfterTwoFixesOutside()
    {
        var catalog = _fixture.OpenCatalog();
        catalog.ImportFile(CatalogFixture.SeedFile);
        var evaluator = new GeofenceEvaluator(catalog.Index);
        var elder = Fences.Device(0x22000001, DeviceKind.ElderWristband, "wufu");
        var state = new DeviceFenceState();
        var centre = new GeoPoint(25.1010, 105.4690);
        var start = Fences.MondayNine;

        var transitions = new List<FenceTransition>();
        foreach (var (north, seconds) in new[] { (0.0, 0), (200.0, 30), (420.0, 60), (440.0, 70) })
        {
            var at = start.AddSeconds(seconds);
            var fix = new Location(LocalGeodesy.Offset(centre, north, 0), 10, LocationSource.Gnss, at);
            transitions.AddRange(evaluator.Evaluate(elder, fix, at, Fences.Shanghai, state));
        }

        var exit = Assert.Single(transitions);
        Assert.Equal(("wufu-boundary-elder", FenceTransitionKind.Exited, true), (exit.FenceId, exit.Kind, exit.IsAlarm));
        Assert.Equal(start.AddSeconds(70), exit.At);
    }
}
