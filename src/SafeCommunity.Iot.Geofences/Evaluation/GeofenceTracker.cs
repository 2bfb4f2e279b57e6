using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Geofences.Evaluation;

/// <summary>Where a <see cref="GeofenceTracker"/> stands.</summary>
public enum TrackerPhase
{
    /// <summary>On the right side (or never seen on the wrong one): a wrong-side fix starts counting.</summary>
    Armed = 0,

    /// <summary>Seen on the wrong side, not yet confirmed.</summary>
    Pending = 1,

    /// <summary>The crossing was confirmed; waiting for a right-side fix to re-arm.</summary>
    Confirmed = 2,
}

/// <summary>What one observation did to a <see cref="GeofenceTracker"/>.</summary>
public enum TrackerSignal
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary>The wrong side was confirmed: keep-in exited, keep-out entered (the alarm).</summary>
    Confirmed = 1,

    /// <summary>After a confirmation the device is back on the right side: the fence is armed again.</summary>
    Rearmed = 2,
}

/// <summary>
/// The debounce state of one device against one fence: a small mutable value (about 56 bytes) that a
/// <see cref="DeviceFenceState"/> keeps only while there is something to remember (a pending or confirmed
/// crossing); an armed tracker is dropped, so a device on the right side of all its fences costs nothing.
/// <para>
/// The <i>wrong side</i> is <see cref="FenceSide.Outside"/> for a keep-in fence and <see cref="FenceSide.Inside"/>
/// for a keep-out fence. Rules:
/// </para>
/// <list type="bullet">
/// <item>The wrong side is confirmed after <see cref="DebounceSettings.ConfirmFixes"/> consecutive wrong-side fixes,
/// or once <see cref="DebounceSettings.ConfirmAfter"/> has passed since the first of them, checked on each fix and
/// on <see cref="Tick"/> (so a wearer who goes silent outside is still reported).</item>
/// <item>An <see cref="FenceSide.Uncertain"/> fix neither confirms nor resets: the count and the time so far are
/// kept. Until the next wrong-side fix, though, <see cref="Tick"/> does not confirm by time, because the latest
/// evidence is no longer clearly on the wrong side.</item>
/// <item>One right-side fix resets a pending count, and re-arms a confirmed tracker (reported as
/// <see cref="TrackerSignal.Rearmed"/>). One is enough: a decided fix is already clear of the boundary by its
/// accuracy plus the hysteresis margin, so border jitter cannot produce it, and a second excursion soon after is
/// worth reporting.</item>
/// <item>A new tracker starts armed: a device first seen, and confirmed, on the wrong side raises the alarm (a
/// family wants to know that she is outside her safe zone even if nobody saw her leave).</item>
/// </list>
/// </summary>
public struct GeofenceTracker
{
    private int _wrongSideFixes;
    private DateTimeOffset _wrongSideSince;
    private GeoPoint _lastWrongSidePoint;
    private bool _lastFixWasWrongSide;
    private TrackerPhase _phase;

    /// <summary>An armed tracker of <paramref name="fenceId"/>.</summary>
    public GeofenceTracker(string fenceId, GeofenceMode mode)
    {
        FenceId = fenceId;
        Mode = mode;
    }

    /// <summary>
    /// A tracker as another process left it (its memory stored with the device's state): pending with
    /// <paramref name="wrongSideFixes"/> since <paramref name="wrongSideSince"/>, or confirmed.
    /// </summary>
    public static GeofenceTracker Restore(
        string fenceId, GeofenceMode mode, bool confirmed, int wrongSideFixes, DateTimeOffset wrongSideSince, GeoPoint lastWrongSidePoint,
        bool lastFixWasWrongSide) => new(fenceId, mode)
        {
            _phase = confirmed ? TrackerPhase.Confirmed : TrackerPhase.Pending,
            _wrongSideFixes = Math.Max(1, wrongSideFixes),
            _wrongSideSince = wrongSideSince,
            _lastWrongSidePoint = lastWrongSidePoint,
            _lastFixWasWrongSide = lastFixWasWrongSide,
        };

    /// <summary>The fence.</summary>
    public string FenceId { get; }

    /// <summary>The fence's mode when the tracker was made.</summary>
    public GeofenceMode Mode { get; }

    /// <summary>Armed, pending or confirmed.</summary>
    public readonly TrackerPhase Phase => _phase;

    /// <summary>Wrong-side fixes counted since the last right-side fix.</summary>
    public readonly int WrongSideFixes => _wrongSideFixes;

    /// <summary>When the first of <see cref="WrongSideFixes"/> arrived (default when armed).</summary>
    public readonly DateTimeOffset WrongSideSince => _wrongSideSince;

    /// <summary>The latest wrong-side position.</summary>
    public readonly GeoPoint LastWrongSidePoint => _lastWrongSidePoint;

    /// <summary>Whether the latest fix was decided on the wrong side (what lets <see cref="Tick"/> confirm by time).</summary>
    public readonly bool LastFixWasWrongSide => _lastFixWasWrongSide;

    /// <summary>Whether nothing is pending or confirmed: the tracker may be dropped.</summary>
    public readonly bool IsArmed => _phase == TrackerPhase.Armed;

    /// <summary>The evaluation pass that last fed this tracker (so that a pass feeds it once).</summary>
    internal int Pass { get; set; }

    /// <summary>The side that is wrong for <paramref name="mode"/>: outside a keep-in, inside a keep-out fence.</summary>
    public static FenceSide WrongSide(GeofenceMode mode) => mode == GeofenceMode.KeepOut ? FenceSide.Inside : FenceSide.Outside;

    /// <summary>Feeds one classified fix taken at <paramref name="now"/>.</summary>
    public TrackerSignal Observe(FenceSide side, GeoPoint point, DateTimeOffset now, in DebounceSettings settings)
    {
        if (side == FenceSide.Uncertain)
        {
            _lastFixWasWrongSide = false;
            return TrackerSignal.None;
        }

        if (side != WrongSide(Mode))
        {
            var wasConfirmed = _phase == TrackerPhase.Confirmed;
            Reset();
            return wasConfirmed ? TrackerSignal.Rearmed : TrackerSignal.None;
        }

        _lastFixWasWrongSide = true;
        _lastWrongSidePoint = point;
        switch (_phase)
        {
            case TrackerPhase.Armed:
                _phase = TrackerPhase.Pending;
                _wrongSideFixes = 1;
                _wrongSideSince = now;
                break;
            case TrackerPhase.Pending:
                _wrongSideFixes = _wrongSideFixes == int.MaxValue ? int.MaxValue : _wrongSideFixes + 1;
                break;
            default:
                return TrackerSignal.None;
        }

        return _wrongSideFixes >= settings.ConfirmFixes || now - _wrongSideSince >= settings.ConfirmAfter
            ? Confirm()
            : TrackerSignal.None;
    }

    /// <summary>
    /// Time passes with no fix: confirms a pending crossing whose latest fix was on the wrong side once
    /// <see cref="DebounceSettings.ConfirmAfter"/> has passed since the first wrong-side fix.
    /// </summary>
    public TrackerSignal Tick(DateTimeOffset now, in DebounceSettings settings) =>
        _phase == TrackerPhase.Pending && _lastFixWasWrongSide && now - _wrongSideSince >= settings.ConfirmAfter
            ? Confirm()
            : TrackerSignal.None;

    /// <summary>Back to armed, forgetting everything.</summary>
    public void Reset()
    {
        _phase = TrackerPhase.Armed;
        _wrongSideFixes = 0;
        _wrongSideSince = default;
        _lastWrongSidePoint = default;
        _lastFixWasWrongSide = false;
    }

    private TrackerSignal Confirm()
    {
        _phase = TrackerPhase.Confirmed;
        return TrackerSignal.Confirmed;
    }
}
