using NetTopologySuite.Geometries;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Geofences.GeoJson;

namespace SafeCommunity.Iot.Benchmarks.Geofences;

/// <summary>Fence outlines for synthetic counties.</summary>
internal static class FenceShapes
{
    /// <summary>
    /// A star-shaped polygon (always valid): <paramref name="vertices"/> vertices at increasing angles, each
    /// <paramref name="minShare"/>-100 % of <paramref name="radius"/> metres from <paramref name="centre"/>.
    /// </summary>
    public static Polygon Star(Random random, GeoPoint centre, double radius, int vertices, double minShare = 0.7)
    {
        var coordinates = new Coordinate[vertices + 1];
        for (var i = 0; i < vertices; i++)
        {
            var angle = (i + (0.8 * random.NextDouble())) * 2 * Math.PI / vertices;
            var r = radius * (minShare + ((1 - minShare) * random.NextDouble()));
            var p = LocalGeodesy.Offset(centre, r * Math.Cos(angle), r * Math.Sin(angle));
            coordinates[i] = new Coordinate(p.Longitude, p.Latitude);
        }

        coordinates[vertices] = coordinates[0].Copy();
        return GeofenceGeoJson.Factory.CreatePolygon(coordinates);
    }
}
