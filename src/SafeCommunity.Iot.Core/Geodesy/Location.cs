namespace SafeCommunity.Iot.Core.Geodesy;

/// <summary>Where a device was, how sure we are, how we know, and when.</summary>
/// <param name="Point">The estimated position.</param>
/// <param name="AccuracyMetres">Radius around <paramref name="Point"/> that holds the device.</param>
/// <param name="Source">GNSS or receivers.</param>
/// <param name="At">When the device was there (the fix time for GNSS, the reception time otherwise).</param>
public readonly record struct Location(GeoPoint Point, double AccuracyMetres, LocationSource Source, DateTimeOffset At);
