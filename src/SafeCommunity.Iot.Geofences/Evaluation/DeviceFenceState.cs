namespace SafeCommunity.Iot.Geofences.Evaluation;

/// <summary>
/// One device's geofence memory: a tracker for each fence with a pending or confirmed crossing, and none for the
/// others (an empty state is one small object). Not thread-safe: a device's fixes are evaluated one at a time,
/// as the pipeline orders per-device work.
/// </summary>
public sealed class DeviceFenceState
{
    private GeofenceTracker[]? _trackers;
    private int _count;
    private int _pass;

    /// <summary>Number of trackers held.</summary>
    public int Count => _count;

    /// <summary>The trackers held (pending or confirmed crossings).</summary>
    public ReadOnlySpan<GeofenceTracker> Trackers => _trackers.AsSpan(0, _count);

    /// <summary>The tracker of <paramref name="fenceId"/>, if one is held.</summary>
    public GeofenceTracker? Find(string fenceId)
    {
        var index = IndexOf(fenceId);
        return index < 0 ? null : _trackers![index];
    }

    /// <summary>
    /// Replaces what is held with <paramref name="trackers"/> (a device's memory as stored); armed ones are left out,
    /// as they are never held.
    /// </summary>
    public void Restore(IEnumerable<GeofenceTracker> trackers)
    {
        ArgumentNullException.ThrowIfNull(trackers);
        Clear();
        foreach (var tracker in trackers)
        {
            if (!tracker.IsArmed && IndexOf(tracker.FenceId) < 0)
            {
                Add(tracker);
            }
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        _trackers = null;
        _count = 0;
    }

    internal int NextPass()
    {
        _pass = _pass == int.MaxValue ? 1 : _pass + 1;
        return _pass;
    }

    internal int IndexOf(string fenceId)
    {
        for (var i = 0; i < _count; i++)
        {
            var id = _trackers![i].FenceId;
            if (ReferenceEquals(id, fenceId) || string.Equals(id, fenceId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal int Add(GeofenceTracker tracker)
    {
        if (_trackers is null)
        {
            _trackers = new GeofenceTracker[2];
        }
        else if (_count == _trackers.Length)
        {
            Array.Resize(ref _trackers, _count * 2);
        }

        _trackers[_count] = tracker;
        return _count++;
    }

    internal ref GeofenceTracker At(int index) => ref _trackers![index];

    internal void RemoveAt(int index)
    {
        _count--;
        _trackers![index] = _trackers[_count];
        _trackers[_count] = default;
    }
}
