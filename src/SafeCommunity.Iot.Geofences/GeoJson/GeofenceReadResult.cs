namespace SafeCommunity.Iot.Geofences.GeoJson;

/// <summary>What a GeoJSON text held: the valid fences, and an error for each problem in the others.</summary>
/// <param name="Fences">Fences whose feature was valid, in document order.</param>
/// <param name="Errors">Every problem found, naming the feature and the field.</param>
public sealed record GeofenceReadResult(IReadOnlyList<Geofence> Fences, IReadOnlyList<GeofenceError> Errors)
{
    /// <summary>Whether the whole text was valid.</summary>
    public bool IsValid => Errors.Count == 0;
}
