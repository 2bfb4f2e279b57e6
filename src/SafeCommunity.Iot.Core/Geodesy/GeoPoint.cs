using System.Globalization;

namespace SafeCommunity.Iot.Core.Geodesy;

/// <summary>A WGS84 position in degrees.</summary>
/// <param name="Latitude">Degrees north, −90..90.</param>
/// <param name="Longitude">Degrees east, −180..180.</param>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>Whether both coordinates are finite and in range.</summary>
    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>Coordinates with 7 decimals (about 1 cm), invariant culture.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Latitude:F7},{Longitude:F7}");
}
