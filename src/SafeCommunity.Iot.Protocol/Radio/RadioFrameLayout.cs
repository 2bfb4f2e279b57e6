namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Offsets and sizes of the radio frame (PROTOCOL.md §1.1-1.3).</summary>
public static class RadioFrameLayout
{
    /// <summary>The protocol version this codec speaks.</summary>
    public const int Version = 1;

    /// <summary>The largest frame any CN470 data rate carries.</summary>
    public const int MaxFrameLength = 51;

    /// <summary>Header, device id, counter and status.</summary>
    public const int HeaderLength = 11;

    /// <summary>The truncated AES-CMAC.</summary>
    public const int MicLength = 4;

    /// <summary>Latitude, longitude, accuracy, fix age.</summary>
    public const int PositionLength = 10;

    /// <summary>Battery value meaning "the device does not know".</summary>
    public const byte BatteryUnknown = 127;

    /// <summary>Bit 7 of an alarm event's event byte: a position follows.</summary>
    public const byte EventHasPosition = 0x80;

    internal const int DeviceIdOffset = 1;
    internal const int CounterOffset = 5;
    internal const int StatusOffset = 9;
    internal const int BodyOffset = HeaderLength;
    internal const int BatteryShift = 9;
    internal const ushort FlagsMask = 0x01FF;

    /// <summary>The smallest frame of all: a beacon.</summary>
    public const int MinFrameLength = HeaderLength + MicLength;

    /// <summary>Length of the body of a frame of <paramref name="type"/>; for an alarm event, with or without position.</summary>
    public static int BodyLength(FrameType type, bool hasPosition) => type switch
    {
        FrameType.Beacon => 0,
        FrameType.PositionReport => PositionLength,
        FrameType.AlarmEvent => hasPosition ? 1 + PositionLength : 1,
        FrameType.DownlinkCommand => 3,
        FrameType.CommandAck => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a version 1 frame type."),
    };

    /// <summary>Total length of a frame of <paramref name="type"/>.</summary>
    public static int FrameLength(FrameType type, bool hasPosition) =>
        HeaderLength + BodyLength(type, hasPosition) + MicLength;
}
