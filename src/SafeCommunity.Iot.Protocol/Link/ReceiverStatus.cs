namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>Flags of a receiver status record.</summary>
[Flags]
public enum ReceiverStatusFlags : byte
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>The first status since the receiver started.</summary>
    Hello = 1 << 0,

    /// <summary>A GNSS module is fitted (a mobile receiver).</summary>
    GnssPresent = 1 << 1,

    /// <summary>The radio reports a fault.</summary>
    RadioFault = 1 << 2,
}

/// <summary>A receiver's hello or periodic status.</summary>
/// <param name="ReceiverId">The receiver's identity.</param>
/// <param name="FirmwareMajor">Firmware version, major.</param>
/// <param name="FirmwareMinor">Firmware version, minor.</param>
/// <param name="FirmwarePatch">Firmware version, patch.</param>
/// <param name="Flags">Hello, GNSS present, radio fault.</param>
/// <param name="UptimeSeconds">Seconds since the receiver started.</param>
/// <param name="FramesReceived">Radio frames received with a good radio CRC since start.</param>
/// <param name="RadioCrcErrors">Radio frames dropped for a bad radio CRC since start.</param>
/// <param name="RecordsDropped">Records the receiver could not send since start.</param>
public readonly record struct ReceiverStatus(
    uint ReceiverId,
    byte FirmwareMajor,
    byte FirmwareMinor,
    byte FirmwarePatch,
    ReceiverStatusFlags Flags,
    uint UptimeSeconds,
    uint FramesReceived,
    uint RadioCrcErrors,
    uint RecordsDropped)
{
    internal const byte ReservedFlagsMask = 0xF8;

    /// <summary>The firmware version as "major.minor.patch".</summary>
    public string FirmwareVersion => $"{FirmwareMajor}.{FirmwareMinor}.{FirmwarePatch}";
}
