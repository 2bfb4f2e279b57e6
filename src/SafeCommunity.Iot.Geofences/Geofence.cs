namespace SafeCommunity.Iot.Geofences;

/// <summary>
/// A geofence: a shape, what crossing it means (<see cref="Mode"/>), who it watches (<see cref="Assignment"/>) and
/// when (<see cref="Schedule"/>). Check one with <see cref="GeofenceValidator"/>; read and write them as GeoJSON with
/// <see cref="GeoJson.GeofenceGeoJson"/>.
/// </summary>
public sealed record Geofence
{
    /// <summary>Unique id ("wang-home"); the key for replacing and removing the fence.</summary>
    public required string Id { get; init; }

    /// <summary>What people call it ("Grandma Wang's home").</summary>
    public required string Name { get; init; }

    /// <summary>A circle (centre and radius in metres) or a polygon (longitude/latitude, holes allowed).</summary>
    public required GeofenceShape Shape { get; init; }

    /// <summary>Keep-in (alarm on leaving) or keep-out (alarm on entering).</summary>
    public required GeofenceMode Mode { get; init; }

    /// <summary>The device, the kind of device in a community, or the community whose boundary it is.</summary>
    public required GeofenceAssignment Assignment { get; init; }

    /// <summary>Weekly windows in the community's time zone when the fence applies; <c>null</c> means always.</summary>
    public WeeklySchedule? Schedule { get; init; }

    /// <summary>Per-fence debounce settings; <c>null</c> (or a <c>null</c> member) takes the index's defaults.</summary>
    public DebounceOverrides? Debounce { get; init; }
}
