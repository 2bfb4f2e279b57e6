namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Event codes of an alarm event frame (bits 6..0 of its event byte).</summary>
public enum AlarmEventCode : byte
{
    /// <summary>The SOS button was pressed.</summary>
    Sos = 1,

    /// <summary>The fall detector triggered.</summary>
    Fall = 2,

    /// <summary>A wristband was taken off.</summary>
    Removed = 3,

    /// <summary>A chip was removed from its bike.</summary>
    Tamper = 4,

    /// <summary>The motion sensor fired while the chip is armed.</summary>
    MovedWhileArmed = 5,

    /// <summary>The battery fell below the device's low-battery level.</summary>
    LowBattery = 6,

    /// <summary>The device started (battery change or reset).</summary>
    PowerOn = 7,
}
