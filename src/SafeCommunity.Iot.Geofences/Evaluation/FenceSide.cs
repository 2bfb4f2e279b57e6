namespace SafeCommunity.Iot.Geofences.Evaluation;

/// <summary>
/// Which side of a fence a fix is on, taking its accuracy into account.
/// <para>
/// A fix is a point with an accuracy radius: the device is somewhere in that circle. Like the platform geofencing
/// APIs (Android's GeofencingClient and iOS's CLCircularRegion monitoring, which report a crossing only once the
/// accuracy circle lies on the new side, and add a margin before reporting an exit), a fix is decided only when
/// its accuracy circle, widened by the fence's hysteresis margin, lies wholly on one side of the boundary:
/// <see cref="Inside"/> when the point is inside and at least accuracy + margin from the boundary,
/// <see cref="Outside"/> when it is outside and as far, <see cref="Uncertain"/> otherwise. A wearer standing on the
/// border therefore produces Uncertain fixes, whatever her GNSS jitter within its accuracy, and those never confirm
/// a crossing.
/// </para>
/// </summary>
public enum FenceSide
{
    /// <summary>The accuracy circle (plus margin) touches the boundary: no decision.</summary>
    Uncertain = 0,

    /// <summary>Clearly inside: the accuracy circle plus margin lies within the fence.</summary>
    Inside = 1,

    /// <summary>Clearly outside: the accuracy circle plus margin lies outside the fence.</summary>
    Outside = 2,
}
