using Iot.Device.Common;
using NetTopologySuite.Geometries;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Geofences.Tests.Support;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Geofences.Tests.Indexing;

/// <summary>
/// The fence distances are planar (a polygon's own equirectangular projection) or local (LocalGeodesy for a
/// circle). These tests check them against the WGS84 ellipsoid geodesic (Iot.Device.Common's GreatCircle) at county
/// scale, fences up to 20 km across: the issue asks for 0.5 % or 1 m.
/// </summary>
public sealed class PlanarDistanceTests(ITestOutputHelper output)
{
    private static readonly (string Name, (double North, double East)[] Vertices)[] CountyPolygons =
    [
        ("20 km square", [(-10_000, -10_000), (-10_000, 10_000), (10_000, 10_000), (10_000, -10_000)]),
        ("20 km pentagon with slanted edges", [(-10_000, -9_000), (-8_000, 10_000), (3_000, 9_500), (10_000, 0), (2_000, -10_000)]),
        ("20 km north-south strip, 500 m wide", [(-10_000, -250), (-10_000, 250), (10_000, 250), (10_000, -250)]),
        ("300 m courtyard", [(-150, -150), (-150, 150), (150, 150), (150, -150)]),
    ];

    private static readonly (double North, double East)[] Probes =
    [
        (0, 0), (9_990, 0), (-9_990, 3_000), (10_010, -4_000), (5_000, 9_995), (0, 10_500), (-10_300, -10_300),
        (7_000, -3_000), (-2_000, 12_000), (12_000, 12_000), (140, 0), (160, 10), (0, -149), (-3_000, 260), (9_000, -240),
    ];

    public static TheoryData<int> PolygonCases => [.. Enumerable.Range(0, CountyPolygons.Length)];

    [Theory]
    [MemberData(nameof(PolygonCases))]
    public void DistanceToBoundary_PolygonAtCountyScale_AgreesWithTheGeodesicWithinHalfAPercentOrOneMetre(int polygonIndex)
    {
        var (name, vertices) = CountyPolygons[polygonIndex];
        var polygon = Fences.Polygon(Fences.Anlong, vertices);
        var fence = Prepare(Fences.PolygonFence("p", polygon));

        foreach (var (north, east) in Probes)
        {
            var point = LocalGeodesy.Offset(Fences.Anlong, north, east);

            var planar = fence.DistanceToBoundaryMetres(point);
            var geodesic = GeodesicDistanceToBoundary(polygon, point);

            Assert.True(
                Math.Abs(planar - geodesic) <= Math.Max(1.0, geodesic * 0.005),
                $"{name}, probe ({north}, {east}): planar {planar:F3} m, geodesic {geodesic:F3} m");
        }
    }

    [Fact]
    public void DistanceToBoundary_20KmSquare_IsWithinATenthOfAPercentEverywhere()
    {
        var polygon = Fences.Polygon(Fences.Anlong, CountyPolygons[0].Vertices);
        var fence = Prepare(Fences.PolygonFence("p", polygon));
        var random = new Random(25_10);

        var worst = 0.0;
        for (var i = 0; i < 80; i++)
        {
            var point = LocalGeodesy.Offset(Fences.Anlong, random.Next(-14_000, 14_000), random.Next(-14_000, 14_000));
            var geodesic = GeodesicDistanceToBoundary(polygon, point);
            if (geodesic > 100)
            {
                worst = Math.Max(worst, Math.Abs(fence.DistanceToBoundaryMetres(point) - geodesic) / geodesic);
            }
        }

        output.WriteLine($"worst relative difference: {worst:P4}");
        Assert.InRange(worst, 0, 0.001);
    }

    [Theory]
    [InlineData(150, 0, 0)]
    [InlineData(150, 140, 45)]
    [InlineData(2_000, 1_990, 120)]
    [InlineData(20_000, 19_995, 200)]
    [InlineData(20_000, 20_010, -300)]
    [InlineData(20_000, 3_000, 19_000)]
    [InlineData(20_000, -25_000, 8_000)]
    public void DistanceToBoundary_CircleAtCountyScale_AgreesWithTheGeodesic(double radius, double north, double east)
    {
        var fence = Prepare(Fences.Circle("c", Fences.Anlong, radius));
        var point = LocalGeodesy.Offset(Fences.Anlong, north, east);
        GreatCircle.DistAndDir(Fences.Anlong.Latitude, Fences.Anlong.Longitude, point.Latitude, point.Longitude, out var fromCentre, out _);
        var geodesic = Math.Abs(fromCentre - radius);

        var local = fence.DistanceToBoundaryMetres(point);

        Assert.InRange(Math.Abs(local - geodesic), 0, Math.Max(1.0, geodesic * 0.005));
    }

    [Fact]
    public void Contains_MatchesNtsInDegrees_ForPointsAroundAPolygonWithAHole()
    {
        var shell = Fences.Ring(Fences.Anlong, (-800, -800), (-900, 700), (600, 900), (800, -600));
        var hole = Fences.Ring(Fences.Anlong, (-100, -100), (100, -100), (100, 100), (-100, 100));
        var polygon = new Polygon(shell, [hole], shell.Factory);
        var fence = Prepare(Fences.PolygonFence("p", polygon));
        var random = new Random(7);

        for (var i = 0; i < 2_000; i++)
        {
            var point = LocalGeodesy.Offset(Fences.Anlong, random.Next(-1_200, 1_200), random.Next(-1_200, 1_200));
            var expected = polygon.Covers(polygon.Factory.CreatePoint(new Coordinate(point.Longitude, point.Latitude)));

            Assert.Equal(expected, fence.Contains(point));
        }
    }

    private static PreparedGeofence Prepare(Geofence fence)
    {
        var index = Fences.Index(fence);
        Assert.True(index.TryGet(fence.Id, out var prepared));
        return prepared;
    }

    /// <summary>The geodesic distance to the nearest point of any edge (edges straight in longitude/latitude).</summary>
    private static double GeodesicDistanceToBoundary(Polygon polygon, GeoPoint point)
    {
        var best = double.PositiveInfinity;
        for (var ring = 0; ring <= polygon.NumInteriorRings; ring++)
        {
            var coordinates = (ring == 0 ? polygon.ExteriorRing : polygon.GetInteriorRingN(ring - 1)).Coordinates;
            for (var i = 0; i + 1 < coordinates.Length; i++)
            {
                best = Math.Min(best, GeodesicDistanceToEdge(coordinates[i], coordinates[i + 1], point));
            }
        }

        return best;
    }

    private static double GeodesicDistanceToEdge(Coordinate a, Coordinate b, GeoPoint point)
    {
        double At(double s)
        {
            GreatCircle.DistAndDir(point.Latitude, point.Longitude, a.Y + (s * (b.Y - a.Y)), a.X + (s * (b.X - a.X)), out var metres, out _);
            return metres;
        }

        // Sample, then refine around the best sample by golden-section search.
        const int Samples = 200;
        var bestIndex = 0;
        var bestValue = double.PositiveInfinity;
        for (var i = 0; i <= Samples; i++)
        {
            var value = At((double)i / Samples);
            if (value < bestValue)
            {
                (bestIndex, bestValue) = (i, value);
            }
        }

        var low = Math.Max(0, bestIndex - 1) / (double)Samples;
        var high = Math.Min(Samples, bestIndex + 1) / (double)Samples;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var k = 0; k < 60; k++)
        {
            var left = high - (ratio * (high - low));
            var right = low + (ratio * (high - low));
            if (At(left) < At(right))
            {
                high = right;
            }
            else
            {
                low = left;
            }
        }

        return Math.Min(bestValue, At((low + high) / 2));
    }
}
