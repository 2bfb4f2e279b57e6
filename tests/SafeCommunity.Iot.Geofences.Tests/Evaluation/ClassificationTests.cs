using NetTopologySuite.Geometries;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.Evaluation;

public sealed class ClassificationTests
{
    private static PreparedGeofence Prepare(Geofence fence)
    {
        Assert.True(Fences.Index(fence).TryGet(fence.Id, out var prepared));
        return prepared;
    }

    // A circle of 100 m; margin 10 m. Decided only when |distance − 100| ≥ accuracy + 10.
    [Theory]
    [InlineData(0, 5, FenceSide.Inside)]
    [InlineData(84.5, 5, FenceSide.Inside)]
    [InlineData(86, 5, FenceSide.Uncertain)]
    [InlineData(100, 5, FenceSide.Uncertain)]
    [InlineData(114, 5, FenceSide.Uncertain)]
    [InlineData(115.5, 5, FenceSide.Outside)]
    [InlineData(59.5, 30, FenceSide.Inside)]
    [InlineData(61, 30, FenceSide.Uncertain)]
    [InlineData(139, 30, FenceSide.Uncertain)]
    [InlineData(140.5, 30, FenceSide.Outside)]
    [InlineData(40, 80, FenceSide.Uncertain)]
    [InlineData(150, 80, FenceSide.Uncertain)]
    [InlineData(500, 80, FenceSide.Outside)]
    [InlineData(5_000, 1_000, FenceSide.Outside)]
    [InlineData(1_000, 1_000, FenceSide.Uncertain)]
    public void Classify_CircleBorder_DecidesOnlyWhenTheAccuracyCircleIsClear(double fromCentre, double accuracy, FenceSide expected)
    {
        var fence = Prepare(Fences.Circle("c", Fences.Anlong, 100));

        Assert.Equal(expected, fence.Classify(LocalGeodesy.Offset(Fences.Anlong, fromCentre * 0.6, fromCentre * 0.8), accuracy));
    }

    // A 400 m square (edges 200 m from the centre) with a 100 m square hole.
    [Theory]
    [InlineData(0, 0, 5, FenceSide.Outside)]
    [InlineData(0, 34, 5, FenceSide.Outside)]
    [InlineData(0, 36, 5, FenceSide.Uncertain)]
    [InlineData(0, 64, 5, FenceSide.Uncertain)]
    [InlineData(0, 120, 5, FenceSide.Inside)]
    [InlineData(0, 120, 65, FenceSide.Uncertain)]
    [InlineData(0, 184, 5, FenceSide.Inside)]
    [InlineData(0, 186, 5, FenceSide.Uncertain)]
    [InlineData(0, 200, 0, FenceSide.Uncertain)]
    [InlineData(190, 190, 5, FenceSide.Uncertain)]
    [InlineData(0, 216, 5, FenceSide.Outside)]
    [InlineData(208, 208, 5, FenceSide.Uncertain)]
    [InlineData(212, 212, 5, FenceSide.Outside)]
    [InlineData(215, 215, 4, FenceSide.Outside)]
    [InlineData(0, 3_000, 300, FenceSide.Outside)]
    [InlineData(0, 3_000, 3_000, FenceSide.Uncertain)]
    public void Classify_PolygonWithHole_DecidesByDistanceToTheNearestBoundary(double north, double east, double accuracy, FenceSide expected)
    {
        var shell = Fences.Ring(Fences.Anlong, (-200, -200), (-200, 200), (200, 200), (200, -200));
        var hole = Fences.Ring(Fences.Anlong, (-50, -50), (50, -50), (50, 50), (-50, 50));
        var fence = Prepare(Fences.PolygonFence("p", new Polygon(shell, [hole], shell.Factory)));

        Assert.Equal(expected, fence.Classify(LocalGeodesy.Offset(Fences.Anlong, north, east), accuracy));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    public void Classify_UnusableAccuracy_IsUncertain(double accuracy)
    {
        var fence = Prepare(Fences.Circle("c", Fences.Anlong, 100));

        Assert.Equal(FenceSide.Uncertain, fence.Classify(Fences.Anlong, accuracy));
    }

    [Fact]
    public void Classify_PerFenceMargin_WidensTheUndecidedBand()
    {
        var fence = Prepare(Fences.Circle("c", Fences.Anlong, 100, debounce: new DebounceOverrides { HysteresisMetres = 40 }));
        var point = LocalGeodesy.Offset(Fences.Anlong, 130, 0);

        Assert.Equal(FenceSide.Uncertain, fence.Classify(point, 5));
        Assert.Equal(FenceSide.Outside, fence.Classify(LocalGeodesy.Offset(Fences.Anlong, 146, 0), 5));
    }

    [Fact]
    public void Classify_LongBoundaryOfManyVertices_MatchesADirectDistance()
    {
        // A 2 km "circle" of 720 vertices: far more segments than one block, so the block skipping is exercised.
        var vertices = Enumerable.Range(0, 720)
            .Select(i => (2_000 * Math.Cos(i * Math.PI / 360), 2_000 * Math.Sin(i * Math.PI / 360)))
            .ToArray();
        var fence = Prepare(Fences.PolygonFence("p", Fences.Polygon(Fences.Anlong, vertices)));
        var random = new Random(3);

        for (var i = 0; i < 500; i++)
        {
            var r = random.Next(1_500, 2_500);
            var angle = random.NextDouble() * 2 * Math.PI;
            var point = LocalGeodesy.Offset(Fences.Anlong, r * Math.Cos(angle), r * Math.Sin(angle));
            var accuracy = random.Next(1, 100);

            var distance = fence.DistanceToBoundaryMetres(point);
            var expected = distance < accuracy + 10 ? FenceSide.Uncertain : r < 2_000 ? FenceSide.Inside : FenceSide.Outside;

            Assert.Equal(expected, fence.Classify(point, accuracy));
            Assert.InRange(distance, Math.Abs(r - 2_000) - 1, Math.Abs(r - 2_000) + 1);
        }
    }
}
