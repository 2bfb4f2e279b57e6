using SafeCommunity.Iot.Core.State;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

/// <summary>A fast stand-in for the SQLite store (which has its own tests against real files).</summary>
internal sealed class InMemoryDeviceStateStore : IDeviceStateStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, DeviceStateSnapshot> _states = [];
    private readonly List<TrailPoint> _trail = [];

    public int Commits { get; private set; }

    public Func<Exception?> FailNextCommit { get; set; } = () => null;

    public IReadOnlyList<DeviceStateSnapshot> LoadAll()
    {
        lock (_lock)
        {
            return [.. _states.Values];
        }
    }

    public void Commit(StateBatch batch)
    {
        if (FailNextCommit() is { } failure)
        {
            throw failure;
        }

        lock (_lock)
        {
            foreach (var state in batch.States)
            {
                _states[state.DeviceId] = state;
            }

            _trail.AddRange(batch.Trail);
            Commits++;
        }
    }

    public DeviceStateSnapshot? Find(uint deviceId)
    {
        lock (_lock)
        {
            return _states.GetValueOrDefault(deviceId);
        }
    }

    public IReadOnlyList<TrailPoint> GetTrail(uint deviceId, DateTimeOffset since, DateTimeOffset until, int limit)
    {
        lock (_lock)
        {
            return [.. _trail.Where(p => p.DeviceId == deviceId && p.Location.At >= since && p.Location.At <= until).TakeLast(limit)];
        }
    }

    public int PruneTrail(DateTimeOffset olderThan)
    {
        lock (_lock)
        {
            return _trail.RemoveAll(p => p.Location.At < olderThan);
        }
    }
}
