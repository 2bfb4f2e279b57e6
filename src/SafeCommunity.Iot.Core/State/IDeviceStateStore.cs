namespace SafeCommunity.Iot.Core.State;

/// <summary>Durable device state: counters, status, last positions and recent trails.</summary>
public interface IDeviceStateStore
{
    /// <summary>Every stored device state, read once at start.</summary>
    IReadOnlyList<DeviceStateSnapshot> LoadAll();

    /// <summary>Stores a batch in one durable transaction; when it returns, the batch survives a crash.</summary>
    void Commit(StateBatch batch);

    /// <summary>The stored state of one device, or null.</summary>
    DeviceStateSnapshot? Find(uint deviceId);

    /// <summary>A device's trail between two times, oldest first, at most <paramref name="limit"/> points (the newest ones).</summary>
    IReadOnlyList<TrailPoint> GetTrail(uint deviceId, DateTimeOffset since, DateTimeOffset until, int limit);

    /// <summary>Deletes trail points older than <paramref name="olderThan"/>; returns how many.</summary>
    int PruneTrail(DateTimeOffset olderThan);
}
