using System.Buffers.Binary;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>
/// Decodes radio frames. Never throws on any input: every failure is a <see cref="RadioFrameError"/>.
/// Decoding is in two steps because the key is found by the device id inside the frame:
/// <see cref="Read"/> checks structure and fields (no key needed), then <see cref="VerifyMic"/> checks the MIC.
/// </summary>
public static class RadioFrameReader
{
    /// <summary>
    /// Whether <paramref name="input"/> claims to be an alarm event, from its first byte alone: how the gateway picks
    /// the alarm lane before a frame is decoded. A forged claim only gets a frame checked sooner; it is still checked.
    /// </summary>
    public static bool IsAlarmEvent(ReadOnlySpan<byte> input) =>
        !input.IsEmpty && input[0] == ((RadioFrameLayout.Version << 4) | (int)FrameType.AlarmEvent);

    /// <summary>
    /// The device id a frame claims, read from its header without any check: how the gateway keeps one device's frames
    /// in order before they are decoded. False when <paramref name="input"/> is too short to hold one.
    /// </summary>
    public static bool TryPeekDeviceId(ReadOnlySpan<byte> input, out uint deviceId)
    {
        if (input.Length < RadioFrameLayout.DeviceIdOffset + sizeof(uint))
        {
            deviceId = 0;
            return false;
        }

        deviceId = BinaryPrimitives.ReadUInt32LittleEndian(input[RadioFrameLayout.DeviceIdOffset..]);
        return true;
    }

    /// <summary>Checks and decodes <paramref name="input"/> (PROTOCOL.md §1.8, checks 1-15). Allocates nothing.</summary>
    /// <returns><see cref="RadioFrameError.None"/> and the frame, or the first failed check.</returns>
    public static RadioFrameError Read(ReadOnlySpan<byte> input, out RadioFrame frame)
    {
        frame = default;
        if (input.IsEmpty)
        {
            return RadioFrameError.Truncated;
        }

        if (input.Length > RadioFrameLayout.MaxFrameLength)
        {
            return RadioFrameError.Oversize;
        }

        var header = input[0];
        if (header >> 4 != RadioFrameLayout.Version)
        {
            return RadioFrameError.UnsupportedVersion;
        }

        var type = (FrameType)(header & 0x0F);
        if (type is < FrameType.Beacon or > FrameType.CommandAck)
        {
            return RadioFrameError.UnknownFrameType;
        }

        var minimum = RadioFrameLayout.HeaderLength + (type == FrameType.AlarmEvent ? 1 : 0);
        if (input.Length < minimum)
        {
            return RadioFrameError.Truncated;
        }

        var hasPosition = type == FrameType.PositionReport ||
            (type == FrameType.AlarmEvent && (input[RadioFrameLayout.BodyOffset] & RadioFrameLayout.EventHasPosition) != 0);
        var expected = RadioFrameLayout.FrameLength(type, hasPosition);
        if (input.Length < expected)
        {
            return RadioFrameError.Truncated;
        }

        if (input.Length > expected)
        {
            return RadioFrameError.TrailingBytes;
        }

        var status = BinaryPrimitives.ReadUInt16LittleEndian(input[RadioFrameLayout.StatusOffset..]);
        var body = input[RadioFrameLayout.BodyOffset..^RadioFrameLayout.MicLength];
        frame = new RadioFrame
        {
            Type = type,
            DeviceId = BinaryPrimitives.ReadUInt32LittleEndian(input[RadioFrameLayout.DeviceIdOffset..]),
            Counter = BinaryPrimitives.ReadUInt32LittleEndian(input[RadioFrameLayout.CounterOffset..]),
            Flags = (DeviceStatusFlags)(status & RadioFrameLayout.FlagsMask),
            Battery = (byte)(status >> RadioFrameLayout.BatteryShift),
            Mic = BinaryPrimitives.ReadUInt32LittleEndian(input[^RadioFrameLayout.MicLength..]),
        };

        frame = type switch
        {
            FrameType.PositionReport => frame with { Position = ReadPosition(body) },
            FrameType.AlarmEvent => frame with
            {
                Event = (AlarmEventCode)(body[0] & ~RadioFrameLayout.EventHasPosition),
                Position = hasPosition ? ReadPosition(body[1..]) : null,
            },
            FrameType.DownlinkCommand => frame with
            {
                Command = (DownlinkCommandCode)body[0],
                Argument = BinaryPrimitives.ReadUInt16LittleEndian(body[1..]),
            },
            FrameType.CommandAck => frame with
            {
                AckedCounter = BinaryPrimitives.ReadUInt32LittleEndian(body),
                Command = (DownlinkCommandCode)body[4],
                Result = (CommandResult)body[5],
            },
            _ => frame,
        };

        var error = frame.Validate();
        if (error != RadioFrameError.None)
        {
            frame = default;
        }

        return error;
    }

    /// <summary>
    /// Checks the MIC of a frame that <see cref="Read"/> accepted, with the key of its device, in constant time.
    /// </summary>
    /// <returns><see cref="RadioFrameError.None"/> or <see cref="RadioFrameError.BadMic"/>.</returns>
    public static RadioFrameError VerifyMic(ReadOnlySpan<byte> frameBytes, AesCmac cmac)
    {
        ArgumentNullException.ThrowIfNull(cmac);
        if (frameBytes.Length < RadioFrameLayout.MinFrameLength)
        {
            return RadioFrameError.Truncated;
        }

        var covered = frameBytes[..^RadioFrameLayout.MicLength];
        return cmac.VerifyMic(covered, frameBytes[^RadioFrameLayout.MicLength..]) ? RadioFrameError.None : RadioFrameError.BadMic;
    }

    private static GeoFix ReadPosition(ReadOnlySpan<byte> position) => new(
        BinaryPrimitives.ReadInt32LittleEndian(position),
        BinaryPrimitives.ReadInt32LittleEndian(position[4..]),
        position[8],
        position[9]);
}
