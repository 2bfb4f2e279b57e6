using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.Indexing;

namespace SafeCommunity.Iot.Geofences.Evaluation;

/// <summary>
/// What the alarm engine calls for each located fix (<see cref="Evaluate"/>) and now and then for each device with
/// open trackers (<see cref="Tick"/>). It returns the confirmed transitions; the alarm engine turns those with
/// <see cref="FenceTransition.IsAlarm"/> into alarms.
/// <para>
/// Per fix it looks at: the fences the spatial index returns near the point and assigned to the device; the
/// device's keep-in fences that are not near (clearly outside them, if the fix is accurate enough, without any
/// geometry); and the fences the device holds a tracker for. A fence outside its schedule window raises nothing
/// and its tracker is dropped. The hot path allocates nothing unless it reports a transition (the NTS point
/// locator's two small objects aside, spent only when a fix is near a polygon's boundary box).
/// </para>
/// </summary>
public sealed class GeofenceEvaluator
{
    [ThreadStatic]
    private static List<PreparedGeofence>? _candidates;

    /// <summary>An evaluator over <paramref name="index"/> (which may change while it is used).</summary>
    public GeofenceEvaluator(GeofenceIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Index = index;
    }

    /// <summary>The fences.</summary>
    public GeofenceIndex Index { get; }

    /// <summary>
    /// Evaluates one fix of <paramref name="device"/> at <paramref name="now"/>; schedules are read in
    /// <paramref name="zone"/> (the device's community's time zone). Debounce times are measured on the
    /// <paramref name="now"/> clock, the same one <see cref="Tick"/> uses.
    /// </summary>
    public IReadOnlyList<FenceTransition> Evaluate(Device device, Location location, DateTimeOffset now, TimeZoneInfo zone, DeviceFenceState state)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(state);
        if (!location.Point.IsValid)
        {
            return [];
        }

        var snapshot = Index.Snapshot;
        var pass = new Pass(device, location, now, zone, state);

        // 1. Fences near the point and assigned to the device (the index).
        var groups = snapshot.For(device);
        var candidates = _candidates ??= new List<PreparedGeofence>(16);
        candidates.Clear();
        groups.Candidates(location.Point, candidates);
        for (var i = 0; i < candidates.Count; i++)
        {
            pass.Process(candidates[i], near: true);
        }

        candidates.Clear();

        // 2. The device's keep-in fences that are not near: the fix is outside them by more than their expansion.
        pass.ProcessAway(groups.OwnKeepIn);
        pass.ProcessAway(groups.KindKeepIn);
        pass.ProcessAway(groups.CommunityKeepIn);

        // 3. Trackers of fences not met above (a keep-out fence left behind, a fence removed or reassigned).
        for (var i = state.Count - 1; i >= 0; i--)
        {
            ref var tracker = ref state.At(i);
            if (tracker.Pass == pass.Number)
            {
                continue;
            }

            if (!snapshot.TryGet(tracker.FenceId, out var fence) || !fence.AppliesTo(device))
            {
                state.RemoveAt(i);
                continue;
            }

            pass.Process(fence, near: fence.IsNear(location.Point));
        }

        return pass.Transitions;
    }

    /// <summary>
    /// Lets time pass for <paramref name="device"/> without a fix: confirms pending crossings whose wrong side has
    /// lasted the fence's confirmation time, and drops trackers of fences out of their schedule window, removed,
    /// or no longer assigned. Cheap when the device holds no tracker (the common case).
    /// </summary>
    public IReadOnlyList<FenceTransition> Tick(Device device, DateTimeOffset now, TimeZoneInfo zone, DeviceFenceState state)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count == 0)
        {
            return [];
        }

        var snapshot = Index.Snapshot;
        var clock = new LocalClock(now, zone);
        List<FenceTransition>? transitions = null;
        for (var i = state.Count - 1; i >= 0; i--)
        {
            ref var tracker = ref state.At(i);
            if (!snapshot.TryGet(tracker.FenceId, out var fence) || !fence.AppliesTo(device) || fence.Mode != tracker.Mode ||
                !clock.IsActive(fence.Fence.Schedule))
            {
                state.RemoveAt(i);
                continue;
            }

            if (tracker.Tick(now, fence.Debounce) == TrackerSignal.Confirmed)
            {
                (transitions ??= []).Add(Transition(fence, TrackerSignal.Confirmed, device.Id, tracker.LastWrongSidePoint, now));
            }
        }

        return transitions is null ? [] : transitions;
    }

    private static FenceTransition Transition(PreparedGeofence fence, TrackerSignal signal, uint deviceId, GeoPoint point, DateTimeOffset now)
    {
        // Confirmed = arrived on the wrong side; re-armed = back on the right side.
        var wrongSideIsOutside = fence.Mode == GeofenceMode.KeepIn;
        var exited = signal == TrackerSignal.Confirmed ? wrongSideIsOutside : !wrongSideIsOutside;
        return new FenceTransition(
            fence.Id,
            fence.Fence.Name,
            fence.Mode,
            exited ? FenceTransitionKind.Exited : FenceTransitionKind.Entered,
            deviceId,
            point,
            now);
    }

    /// <summary>The local time of an evaluation, converted once and only if a scheduled fence asks.</summary>
    private struct LocalClock(DateTimeOffset now, TimeZoneInfo zone)
    {
        private bool _known;
        private DayOfWeek _day;
        private TimeOnly _time;

        public bool IsActive(WeeklySchedule? schedule)
        {
            if (schedule is null)
            {
                return true;
            }

            if (!_known)
            {
                var local = TimeZoneInfo.ConvertTime(now, zone);
                _day = local.DayOfWeek;
                _time = TimeOnly.FromTimeSpan(local.TimeOfDay);
                _known = true;
            }

            return schedule.IsActive(_day, _time);
        }
    }

    /// <summary>One evaluation of one fix.</summary>
    private struct Pass
    {
        private readonly Device _device;
        private readonly Location _location;
        private readonly DateTimeOffset _now;
        private readonly DeviceFenceState _state;
        private LocalClock _clock;
        private List<FenceTransition>? _transitions;

        public Pass(Device device, Location location, DateTimeOffset now, TimeZoneInfo zone, DeviceFenceState state)
        {
            _device = device;
            _location = location;
            _now = now;
            _state = state;
            _clock = new LocalClock(now, zone);
            Number = state.NextPass();
        }

        public int Number { get; }

        public readonly IReadOnlyList<FenceTransition> Transitions => _transitions is null ? [] : _transitions;

        public void ProcessAway(ReadOnlySpan<PreparedGeofence> keepIn)
        {
            foreach (var fence in keepIn)
            {
                // A near fence was a candidate (step 1) and has been processed.
                if (!fence.IsNear(_location.Point))
                {
                    Process(fence, near: false);
                }
            }
        }

        public void Process(PreparedGeofence fence, bool near)
        {
            var index = _state.IndexOf(fence.Id);
            if (!_clock.IsActive(fence.Fence.Schedule))
            {
                if (index >= 0)
                {
                    _state.RemoveAt(index);
                }

                return;
            }

            var side = near
                ? fence.Classify(_location.Point, _location.AccuracyMetres)
                : fence.ClassifyAway(_location.Point, _location.AccuracyMetres);
            if (index < 0)
            {
                // No tracker means armed: only a wrong-side fix has anything to start.
                if (side != GeofenceTracker.WrongSide(fence.Mode))
                {
                    return;
                }

                index = _state.Add(new GeofenceTracker(fence.Id, fence.Mode));
            }

            ref var tracker = ref _state.At(index);
            if (tracker.Mode != fence.Mode)
            {
                tracker = new GeofenceTracker(fence.Id, fence.Mode);
            }

            var signal = tracker.Observe(side, _location.Point, _now, fence.Debounce);
            tracker.Pass = Number;
            if (signal != TrackerSignal.None)
            {
                (_transitions ??= []).Add(Transition(fence, signal, _device.Id, _location.Point, _now));
            }

            if (tracker.IsArmed)
            {
                _state.RemoveAt(index);
            }
        }
    }
}
