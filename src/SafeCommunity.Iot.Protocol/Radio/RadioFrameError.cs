namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Why a radio frame was rejected (PROTOCOL.md §1.8), or <see cref="None"/>.</summary>
public enum RadioFrameError : byte
{
    /// <summary>The frame is valid.</summary>
    None = 0,

    /// <summary>Shorter than its type requires (or empty).</summary>
    Truncated,

    /// <summary>Longer than 51 bytes.</summary>
    Oversize,

    /// <summary>The version nibble is not 1.</summary>
    UnsupportedVersion,

    /// <summary>The frame type is not 1..5.</summary>
    UnknownFrameType,

    /// <summary>Longer than its type requires.</summary>
    TrailingBytes,

    /// <summary>Battery is neither 0..100 nor 127 (unknown).</summary>
    BatteryOutOfRange,

    /// <summary>Latitude or longitude outside its range.</summary>
    CoordinateOutOfRange,

    /// <summary>Alarm event code not defined in version 1.</summary>
    UnknownEventCode,

    /// <summary>Downlink command code not defined in version 1.</summary>
    UnknownCommand,

    /// <summary>The command's argument is outside what the command allows.</summary>
    InvalidCommandArgument,

    /// <summary>A downlink's status word is not zero.</summary>
    ReservedBitsSet,

    /// <summary>An acknowledgement's result code is not 0..3.</summary>
    UnknownCommandResult,

    /// <summary>The device id is 0.</summary>
    InvalidDeviceId,

    /// <summary>The message integrity code does not match the device's key.</summary>
    BadMic,
}
