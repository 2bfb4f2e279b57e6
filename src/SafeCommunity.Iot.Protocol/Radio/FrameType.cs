namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Radio frame types of protocol version 1 (low nibble of the header byte).</summary>
public enum FrameType : byte
{
    /// <summary>Presence and status, no position. 15 bytes.</summary>
    Beacon = 1,

    /// <summary>A GNSS position with accuracy and fix age. 25 bytes.</summary>
    PositionReport = 2,

    /// <summary>An event (SOS, fall, removed, tamper, ...) with an optional position. 16 or 26 bytes.</summary>
    AlarmEvent = 3,

    /// <summary>A command from the gateway to a device. 18 bytes.</summary>
    DownlinkCommand = 4,

    /// <summary>A device's answer to a downlink command. 21 bytes.</summary>
    CommandAck = 5,
}
