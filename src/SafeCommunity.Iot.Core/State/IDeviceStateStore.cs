namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// Reads the durable device state (counters, status, last positions) and recent trails, and prunes old trail. What
/// the pipeline stores goes through <see cref="IStateAndAlarmWriter"/>.
/// </summary>
public interface IDeviceStateStore
{
    /// <summary>Every stored device state, read once at start.</summary>
    IReadOnlyList<DeviceStateSnapshot> LoadAll();

    /// <summary>
    /// The stored states of the devices last heard after <paramref name="since"/>, in device order: what gateways
    /// sharing the store read to keep up with the devices the others heard (docs/scale-out.md).
    /// </summary>
    IReadOnlyList<DeviceStateSnapshot> LoadHeardSince(DateTimeOffset since);

    /// <summary>The stored state of one device, or null.</summary>
    DeviceStateSnapshot? Find(uint deviceId);

    /// <summary>A device's trail between two times, oldest first, at most <paramref name="limit"/> points (the newest ones).</summary>
    IReadOnlyList<TrailPoint> GetTrail(uint deviceId, DateTimeOffset since, DateTimeOffset until, int limit);

    /// <summary>Deletes trail points older than <paramref name="olderThan"/>; returns how many.</summary>
    int PruneTrail(DateTimeOffset olderThan);
}
