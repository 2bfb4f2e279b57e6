namespace SafeCommunity.Iot.Core.Geofencing;

/// <summary>
/// The stored geofences: one GeoJSON Feature text per fence id. The store keeps the text as given and never parses
/// it (the core has no geometry); the geofence library reads and writes the features and keeps the store and the
/// in-memory index in step.
/// </summary>
public interface IGeofenceStore
{
    /// <summary>Every stored fence, ordered by id.</summary>
    IReadOnlyList<StoredGeofence> LoadAll();

    /// <summary>
    /// Adds the fences, or replaces the stored ones with the same id, all in one transaction: either every fence is
    /// written or, when one fails, none is.
    /// </summary>
    void SaveAll(IReadOnlyList<StoredGeofence> fences);

    /// <summary>Deletes the fence with id <paramref name="id"/>; returns whether one was stored.</summary>
    bool Delete(string id);
}
