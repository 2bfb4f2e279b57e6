namespace SafeCommunity.Iot.Core.Geofencing;

/// <summary>One stored geofence.</summary>
/// <param name="Id">The fence id (the key; the same as the feature's <c>properties.id</c>).</param>
/// <param name="FeatureJson">The fence as one GeoJSON Feature (RFC 7946), as the geofence library writes it.</param>
/// <param name="UpdatedAt">When it was last written; stored to the millisecond, read back in UTC.</param>
public sealed record StoredGeofence(string Id, string FeatureJson, DateTimeOffset UpdatedAt);
