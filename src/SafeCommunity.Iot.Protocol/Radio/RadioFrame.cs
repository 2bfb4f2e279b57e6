namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>
/// The decoded content of one radio frame (everything but its MIC bytes, which <see cref="Mic"/> keeps).
/// A plain value: decoding one allocates nothing. Build frames with the static factory methods.
/// </summary>
public readonly record struct RadioFrame
{
    /// <summary>The frame type.</summary>
    public FrameType Type { get; init; }

    /// <summary>The device this frame is from (or, for a downlink, addressed to).</summary>
    public uint DeviceId { get; init; }

    /// <summary>The device's uplink counter, or the gateway's downlink counter for a downlink.</summary>
    public uint Counter { get; init; }

    /// <summary>Status flags (always <see cref="DeviceStatusFlags.None"/> in a downlink).</summary>
    public DeviceStatusFlags Flags { get; init; }

    /// <summary>Battery percent 0..100, or <see cref="RadioFrameLayout.BatteryUnknown"/>.</summary>
    public byte Battery { get; init; }

    /// <summary>The position of a position report, or of an alarm event that carries one.</summary>
    public GeoFix? Position { get; init; }

    /// <summary>The event of an alarm event frame.</summary>
    public AlarmEventCode Event { get; init; }

    /// <summary>The command of a downlink command or of a command acknowledgement.</summary>
    public DownlinkCommandCode Command { get; init; }

    /// <summary>The argument of a downlink command.</summary>
    public ushort Argument { get; init; }

    /// <summary>The downlink counter that a command acknowledgement answers.</summary>
    public uint AckedCounter { get; init; }

    /// <summary>The result of a command acknowledgement.</summary>
    public CommandResult Result { get; init; }

    /// <summary>The frame's 4 MIC bytes as read (little-endian), when decoded.</summary>
    public uint Mic { get; init; }

    /// <summary>Battery percent, or null when the device does not know.</summary>
    public byte? BatteryPercent => Battery == RadioFrameLayout.BatteryUnknown ? null : Battery;

    /// <summary>The length of this frame on the air.</summary>
    public int EncodedLength => RadioFrameLayout.FrameLength(Type, Position.HasValue);

    /// <summary>A beacon: presence and status.</summary>
    public static RadioFrame Beacon(uint deviceId, uint counter, DeviceStatusFlags flags, byte battery) =>
        new() { Type = FrameType.Beacon, DeviceId = deviceId, Counter = counter, Flags = flags, Battery = battery };

    /// <summary>A position report.</summary>
    public static RadioFrame PositionReport(uint deviceId, uint counter, DeviceStatusFlags flags, byte battery, GeoFix position) =>
        new()
        {
            Type = FrameType.PositionReport,
            DeviceId = deviceId,
            Counter = counter,
            Flags = flags,
            Battery = battery,
            Position = position,
        };

    /// <summary>An alarm event, with a position when the device has one.</summary>
    public static RadioFrame AlarmEvent(
        uint deviceId, uint counter, DeviceStatusFlags flags, byte battery, AlarmEventCode alarmEvent, GeoFix? position = null) =>
        new()
        {
            Type = FrameType.AlarmEvent,
            DeviceId = deviceId,
            Counter = counter,
            Flags = flags,
            Battery = battery,
            Event = alarmEvent,
            Position = position,
        };

    /// <summary>A downlink command; <paramref name="downlinkCounter"/> is the gateway's counter for the device.</summary>
    public static RadioFrame DownlinkCommand(uint deviceId, uint downlinkCounter, DownlinkCommandCode command, ushort argument) =>
        new() { Type = FrameType.DownlinkCommand, DeviceId = deviceId, Counter = downlinkCounter, Command = command, Argument = argument };

    /// <summary>A device's acknowledgement of the downlink whose counter was <paramref name="ackedCounter"/>.</summary>
    public static RadioFrame CommandAck(
        uint deviceId, uint counter, DeviceStatusFlags flags, byte battery, uint ackedCounter, DownlinkCommandCode command, CommandResult result) =>
        new()
        {
            Type = FrameType.CommandAck,
            DeviceId = deviceId,
            Counter = counter,
            Flags = flags,
            Battery = battery,
            AckedCounter = ackedCounter,
            Command = command,
            Result = result,
        };

    /// <summary>
    /// Checks the field rules of PROTOCOL.md §1.8 (checks 8-15) in their order and returns the first broken one.
    /// Both the reader and the writer use it, so nothing invalid is ever decoded or encoded.
    /// </summary>
    public RadioFrameError Validate()
    {
        // A downlink's status word is reserved; it is checked as a whole in ValidateDownlink.
        if (Type != FrameType.DownlinkCommand && Battery > 100 && Battery != RadioFrameLayout.BatteryUnknown)
        {
            return RadioFrameError.BatteryOutOfRange;
        }

        if ((ushort)Flags > RadioFrameLayout.FlagsMask)
        {
            // Flags share the status word with the battery; a flag above bit 8 cannot be represented.
            return RadioFrameError.ReservedBitsSet;
        }

        if (Position is { IsInRange: false })
        {
            return RadioFrameError.CoordinateOutOfRange;
        }

        return Type switch
        {
            FrameType.Beacon or FrameType.PositionReport => ValidateCommon(),
            FrameType.AlarmEvent => Event is < AlarmEventCode.Sos or > AlarmEventCode.PowerOn
                ? RadioFrameError.UnknownEventCode
                : ValidateCommon(),
            FrameType.DownlinkCommand => ValidateDownlink(),
            FrameType.CommandAck => ValidateAck(),
            _ => RadioFrameError.UnknownFrameType,
        };
    }

    private RadioFrameError ValidateDownlink()
    {
        if (!IsKnownCommand(Command))
        {
            return RadioFrameError.UnknownCommand;
        }

        if (!IsArgumentAllowed(Command, Argument))
        {
            return RadioFrameError.InvalidCommandArgument;
        }

        if (Flags != DeviceStatusFlags.None || Battery != 0)
        {
            return RadioFrameError.ReservedBitsSet;
        }

        return ValidateCommon();
    }

    private RadioFrameError ValidateAck()
    {
        if (!IsKnownCommand(Command))
        {
            return RadioFrameError.UnknownCommand;
        }

        if (Result > CommandResult.Failed)
        {
            return RadioFrameError.UnknownCommandResult;
        }

        return ValidateCommon();
    }

    private RadioFrameError ValidateCommon() =>
        DeviceId == 0 ? RadioFrameError.InvalidDeviceId : RadioFrameError.None;

    private static bool IsKnownCommand(DownlinkCommandCode command) =>
        command is >= DownlinkCommandCode.SetReportInterval and <= DownlinkCommandCode.SoundBuzzer;

    /// <summary>Whether <paramref name="argument"/> is allowed for <paramref name="command"/> (PROTOCOL.md §1.3).</summary>
    public static bool IsArgumentAllowed(DownlinkCommandCode command, ushort argument) => command switch
    {
        DownlinkCommandCode.SetReportInterval => argument >= 10,
        DownlinkCommandCode.SoundBuzzer => argument is >= 1 and <= 120,
        _ => argument == 0,
    };
}
