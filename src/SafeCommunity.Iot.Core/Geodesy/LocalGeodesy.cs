namespace SafeCommunity.Iot.Core.Geodesy;

/// <summary>
/// Distances and offsets on the WGS84 ellipsoid for the short ranges a county gateway deals with (receivers a
/// few hundred metres apart, communities a few kilometres). It uses the ellipsoid's radii of curvature at the
/// mean latitude, which tests check against Iot.Device.Common's geodesic (GreatCircle.DistAndDir): within
/// 0.1 % up to 50 km. It is several times faster than the full geodesic and needs no allocation.
/// </summary>
public static class LocalGeodesy
{
    private const double SemiMajorAxis = 6_378_137.0;
    private const double Flattening = 1 / 298.257223563;
    private const double EccentricitySquared = Flattening * (2 - Flattening);
    private const double DegreesToRadians = Math.PI / 180;

    /// <summary>Metres between two points.</summary>
    public static double DistanceMetres(GeoPoint a, GeoPoint b)
    {
        var (north, east) = OffsetMetres(a, b);
        return Math.Sqrt((north * north) + (east * east));
    }

    /// <summary>How far <paramref name="to"/> lies north and east of <paramref name="from"/>, in metres.</summary>
    public static (double North, double East) OffsetMetres(GeoPoint from, GeoPoint to)
    {
        var (metresPerDegreeLatitude, metresPerDegreeLongitude) = MetresPerDegree((from.Latitude + to.Latitude) / 2);
        var deltaLongitude = to.Longitude - from.Longitude;
        if (deltaLongitude > 180)
        {
            deltaLongitude -= 360;
        }
        else if (deltaLongitude < -180)
        {
            deltaLongitude += 360;
        }

        return ((to.Latitude - from.Latitude) * metresPerDegreeLatitude, deltaLongitude * metresPerDegreeLongitude);
    }

    /// <summary>The point <paramref name="north"/> and <paramref name="east"/> metres from <paramref name="origin"/>.</summary>
    public static GeoPoint Offset(GeoPoint origin, double north, double east)
    {
        var (metresPerDegreeLatitude, metresPerDegreeLongitude) = MetresPerDegree(origin.Latitude);
        return new GeoPoint(origin.Latitude + (north / metresPerDegreeLatitude), origin.Longitude + (east / metresPerDegreeLongitude));
    }

    /// <summary>Length of one degree of latitude and of longitude at <paramref name="latitude"/>, in metres.</summary>
    public static (double Latitude, double Longitude) MetresPerDegree(double latitude)
    {
        var phi = latitude * DegreesToRadians;
        var sin = Math.Sin(phi);
        var w = 1 - (EccentricitySquared * sin * sin);
        var primeVertical = SemiMajorAxis / Math.Sqrt(w);
        var meridional = SemiMajorAxis * (1 - EccentricitySquared) / (w * Math.Sqrt(w));
        return (meridional * DegreesToRadians, primeVertical * Math.Cos(phi) * DegreesToRadians);
    }
}
