namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Commands the gateway can send to a device in a downlink command frame.</summary>
public enum DownlinkCommandCode : byte
{
    /// <summary>Set the routine report interval; the argument is seconds, 10..65535.</summary>
    SetReportInterval = 1,

    /// <summary>Report at once; the argument must be 0.</summary>
    LocateNow = 2,

    /// <summary>Arm the chip; the argument must be 0.</summary>
    Arm = 3,

    /// <summary>Disarm the chip; the argument must be 0.</summary>
    Disarm = 4,

    /// <summary>Sound the buzzer; the argument is seconds, 1..120.</summary>
    SoundBuzzer = 5,
}
