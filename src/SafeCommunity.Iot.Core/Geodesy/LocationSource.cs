namespace SafeCommunity.Iot.Core.Geodesy;

/// <summary>Where a position came from.</summary>
public enum LocationSource
{
    /// <summary>A current GNSS fix sent by the device.</summary>
    Gnss = 1,

    /// <summary>The device's last GNSS fix, repeated because it has no current one.</summary>
    GnssStale = 2,

    /// <summary>The positions of the receivers that heard the device, weighted by signal strength.</summary>
    Receivers = 3,
}
