using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Geofences.Evaluation;

/// <summary>A confirmed crossing of a fence's boundary.</summary>
public enum FenceTransitionKind
{
    /// <summary>The device left the fence: the alarm of a keep-in fence, the all-clear of a keep-out fence.</summary>
    Exited = 1,

    /// <summary>The device entered the fence: the alarm of a keep-out fence, the return of a keep-in fence.</summary>
    Entered = 2,
}

/// <summary>A confirmed transition of one device across one fence.</summary>
/// <param name="FenceId">The fence.</param>
/// <param name="FenceName">The fence's name, for the alarm text.</param>
/// <param name="Mode">The fence's mode.</param>
/// <param name="Kind">Exited or entered.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Point">The fix that confirmed it (for a confirmation by time, the last wrong-side fix).</param>
/// <param name="At">When it was confirmed (the evaluation's <c>now</c>).</param>
public sealed record FenceTransition(
    string FenceId,
    string FenceName,
    GeofenceMode Mode,
    FenceTransitionKind Kind,
    uint DeviceId,
    GeoPoint Point,
    DateTimeOffset At)
{
    /// <summary>
    /// Whether this is the fence's alarm (left a keep-in fence, entered a keep-out fence) rather than the return to
    /// the right side that re-arms it.
    /// </summary>
    public bool IsAlarm => Mode == GeofenceMode.KeepIn ? Kind == FenceTransitionKind.Exited : Kind == FenceTransitionKind.Entered;
}
