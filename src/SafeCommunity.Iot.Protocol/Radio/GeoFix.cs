namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>
/// A position as a device sends it: WGS84 latitude and longitude in units of 1e-7 degree, an accuracy radius
/// in metres and the age of the fix in seconds (both saturating at 255).
/// </summary>
/// <param name="LatitudeE7">Latitude in 1e-7 degree, north positive.</param>
/// <param name="LongitudeE7">Longitude in 1e-7 degree, east positive.</param>
/// <param name="AccuracyMetres">Estimated horizontal accuracy in metres; 255 means 255 m or worse.</param>
/// <param name="FixAgeSeconds">Seconds between the fix and the transmission; 255 means 255 s or older.</param>
public readonly record struct GeoFix(int LatitudeE7, int LongitudeE7, byte AccuracyMetres, byte FixAgeSeconds)
{
    /// <summary>Largest absolute latitude, in 1e-7 degree.</summary>
    public const int MaxLatitudeE7 = 900_000_000;

    /// <summary>Largest absolute longitude, in 1e-7 degree.</summary>
    public const int MaxLongitudeE7 = 1_800_000_000;

    /// <summary>Latitude in degrees.</summary>
    public double Latitude => LatitudeE7 / 1e7;

    /// <summary>Longitude in degrees.</summary>
    public double Longitude => LongitudeE7 / 1e7;

    /// <summary>Whether latitude and longitude are within their ranges.</summary>
    public bool IsInRange =>
        LatitudeE7 is >= -MaxLatitudeE7 and <= MaxLatitudeE7 &&
        LongitudeE7 is >= -MaxLongitudeE7 and <= MaxLongitudeE7;

    /// <summary>Builds a fix from degrees, rounding to the nearest 1e-7 degree.</summary>
    public static GeoFix FromDegrees(double latitude, double longitude, byte accuracyMetres, byte fixAgeSeconds) =>
        new((int)Math.Round(latitude * 1e7), (int)Math.Round(longitude * 1e7), accuracyMetres, fixAgeSeconds);
}
