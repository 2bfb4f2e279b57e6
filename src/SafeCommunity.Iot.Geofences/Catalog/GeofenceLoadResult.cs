namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>What <see cref="GeofenceCatalog.LoadFromStore"/> put in force.</summary>
/// <param name="Loaded">The stored fences now in the index, ordered by id.</param>
/// <param name="Skipped">The stored fences that no longer read as valid fences, with the reason; left in the store.</param>
public sealed record GeofenceLoadResult(IReadOnlyList<Geofence> Loaded, IReadOnlyList<SkippedGeofence> Skipped);

/// <summary>A stored fence that was not put in force.</summary>
/// <param name="Id">The row's id.</param>
/// <param name="Reason">Why: the validation errors, or what else is wrong with the stored text.</param>
public sealed record SkippedGeofence(string Id, string Reason);
