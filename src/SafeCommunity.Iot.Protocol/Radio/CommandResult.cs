namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>A device's result for a downlink command, carried in its acknowledgement.</summary>
public enum CommandResult : byte
{
    /// <summary>The command was carried out.</summary>
    Done = 0,

    /// <summary>The device does not support the command.</summary>
    UnsupportedCommand = 1,

    /// <summary>The argument was not acceptable to the device.</summary>
    InvalidArgument = 2,

    /// <summary>The device tried and failed.</summary>
    Failed = 3,
}
