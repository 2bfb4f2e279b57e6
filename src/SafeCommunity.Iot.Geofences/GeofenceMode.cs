namespace SafeCommunity.Iot.Geofences;

/// <summary>What crossing a fence means. Files and the API spell them <c>keep-in</c> and <c>keep-out</c>.</summary>
public enum GeofenceMode
{
    /// <summary>The device should stay inside (an elder's safe zone, a bike's parking zone): alarm on leaving.</summary>
    KeepIn = 1,

    /// <summary>The device should stay outside (a river bank, a construction site): alarm on entering.</summary>
    KeepOut = 2,
}
