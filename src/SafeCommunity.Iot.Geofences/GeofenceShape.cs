using NetTopologySuite.Geometries;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Geofences;

/// <summary>The area of a fence: a <see cref="CircleShape"/> or a <see cref="PolygonShape"/>.</summary>
public abstract record GeofenceShape
{
    private protected GeofenceShape()
    {
    }
}

/// <summary>A circle on the ground: every point within <paramref name="RadiusMetres"/> of <paramref name="Centre"/>.</summary>
/// <param name="Centre">The centre (WGS84).</param>
/// <param name="RadiusMetres">The radius in metres on the ground, 1..50,000.</param>
public sealed record CircleShape(GeoPoint Centre, double RadiusMetres) : GeofenceShape
{
    /// <summary>The smallest radius accepted.</summary>
    public const double MinRadiusMetres = 1;

    /// <summary>The largest radius accepted (a fence larger than a county is a mistake).</summary>
    public const double MaxRadiusMetres = 50_000;
}

/// <summary>
/// A polygon in WGS84 degrees (X = longitude, Y = latitude, as in GeoJSON), holes allowed. Its edges are straight
/// lines in longitude/latitude, which is what GeoJSON means and what map tools draw at county scale.
/// </summary>
/// <param name="Polygon">The polygon (NetTopologySuite), SRID 4326.</param>
public sealed record PolygonShape(Polygon Polygon) : GeofenceShape;
