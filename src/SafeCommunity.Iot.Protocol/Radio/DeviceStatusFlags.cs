namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Status flags carried in bits 8..0 of every frame's status word.</summary>
[Flags]
public enum DeviceStatusFlags : ushort
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>An SOS is active.</summary>
    Sos = 1 << 0,

    /// <summary>A fall was detected and not yet cancelled.</summary>
    Fall = 1 << 1,

    /// <summary>The wristband is not worn.</summary>
    Removed = 1 << 2,

    /// <summary>The chip's tamper switch is open (chip taken off the bike).</summary>
    Tamper = 1 << 3,

    /// <summary>The chip is armed.</summary>
    Armed = 1 << 4,

    /// <summary>The motion sensor saw movement since the last frame.</summary>
    Moving = 1 << 5,

    /// <summary>The device is on its charger.</summary>
    Charging = 1 << 6,

    /// <summary>The battery is below the device's low-battery level.</summary>
    LowBattery = 1 << 7,

    /// <summary>The position in this frame, if any, is a current GNSS fix.</summary>
    GnssFixValid = 1 << 8,
}
