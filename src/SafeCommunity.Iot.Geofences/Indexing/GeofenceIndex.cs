using System.Diagnostics.CodeAnalysis;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Geofences.Indexing;

/// <summary>
/// Every fence of a gateway, indexed for position tests (see <see cref="GeofenceSnapshot"/> for the layout:
/// grouped by assignment, then an NTS STR-tree per large group). Writers (add, replace, remove: rare, from the
/// administrator) are serialised and publish a new immutable snapshot; readers take the current snapshot without
/// locking, so evaluation never waits for an edit. Only the changed fence is prepared again, but the groups are
/// rebuilt (milliseconds for 10,000 fences), so load many fences with <see cref="AddOrReplaceRange"/>.
/// </summary>
public sealed class GeofenceIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PreparedGeofence> _fences = new(StringComparer.Ordinal);
    private GeofenceSnapshot _snapshot;

    /// <summary>Creates an empty index.</summary>
    public GeofenceIndex(GeofenceIndexOptions? options = null)
    {
        Options = options ?? new GeofenceIndexOptions();
        if (!double.IsFinite(Options.MaxAccuracyMetres) || Options.MaxAccuracyMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxAccuracyMetres, "MaxAccuracyMetres is a finite number ≥ 0.");
        }

        if (!Options.Debounce.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Debounce, "Debounce defaults are out of range.");
        }

        _snapshot = new GeofenceSnapshot([], 0);
    }

    /// <summary>The index's settings.</summary>
    public GeofenceIndexOptions Options { get; }

    /// <summary>The current fences; take it once per evaluation.</summary>
    public GeofenceSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Number of fences.</summary>
    public int Count => Snapshot.Count;

    /// <summary>Adds a fence.</summary>
    /// <exception cref="ArgumentException">The fence breaks a rule of <see cref="GeofenceValidator"/>.</exception>
    /// <exception cref="InvalidOperationException">A fence with that id exists.</exception>
    public void Add(Geofence fence)
    {
        var prepared = Prepare(fence);
        lock (_gate)
        {
            if (!_fences.TryAdd(fence.Id, prepared))
            {
                throw new InvalidOperationException($"Fence '{fence.Id}' exists; replace it instead.");
            }

            Publish();
        }
    }

    /// <summary>Adds a fence, or replaces the one with its id. Returns whether one was replaced.</summary>
    /// <exception cref="ArgumentException">The fence breaks a rule of <see cref="GeofenceValidator"/>.</exception>
    public bool AddOrReplace(Geofence fence)
    {
        var prepared = Prepare(fence);
        lock (_gate)
        {
            var replaced = _fences.ContainsKey(fence.Id);
            _fences[fence.Id] = prepared;
            Publish();
            return replaced;
        }
    }

    /// <summary>Adds or replaces many fences with one rebuild. Nothing changes when any of them is invalid.</summary>
    /// <exception cref="ArgumentException">A fence breaks a rule of <see cref="GeofenceValidator"/>.</exception>
    public void AddOrReplaceRange(IEnumerable<Geofence> fences)
    {
        ArgumentNullException.ThrowIfNull(fences);
        var prepared = new List<PreparedGeofence>();
        foreach (var fence in fences)
        {
            prepared.Add(Prepare(fence));
        }

        lock (_gate)
        {
            foreach (var fence in prepared)
            {
                _fences[fence.Id] = fence;
            }

            Publish();
        }
    }

    /// <summary>Removes the fence with id <paramref name="id"/>; returns whether there was one.</summary>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_fences.Remove(id))
            {
                return false;
            }

            Publish();
            return true;
        }
    }

    /// <summary>The fence with id <paramref name="id"/>.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out PreparedGeofence? fence) => Snapshot.TryGet(id, out fence);

    /// <summary>
    /// The fences assigned to <paramref name="device"/> (to it, to its kind in its community, or its community's
    /// boundary) whose envelope, expanded by <see cref="GeofenceIndexOptions.MaxAccuracyMetres"/> and the fence's
    /// hysteresis margin, contains <paramref name="point"/>. (The evaluator uses the allocation-free
    /// <see cref="GeofenceSnapshot.Candidates"/>.)
    /// </summary>
    public IReadOnlyList<PreparedGeofence> Candidates(Device device, GeoPoint point)
    {
        var candidates = new List<PreparedGeofence>();
        Snapshot.Candidates(device, point, candidates);
        return candidates;
    }

    private PreparedGeofence Prepare(Geofence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        var errors = GeofenceValidator.Validate(fence);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Fence '{fence.Id}' is not valid: {string.Join("; ", errors)}", nameof(fence));
        }

        return new PreparedGeofence(fence, Options.Debounce, Options.MaxAccuracyMetres);
    }

    private void Publish() => Volatile.Write(ref _snapshot, new GeofenceSnapshot(_fences.Values, _snapshot.Version + 1));
}
