using System.Buffers.Binary;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Protocol.Radio;

/// <summary>Encodes radio frames and signs them with the device key. Never writes an invalid frame.</summary>
public static class RadioFrameWriter
{
    /// <summary>
    /// Writes <paramref name="frame"/> with its MIC into <paramref name="destination"/>.
    /// <see cref="RadioFrame.Mic"/> is ignored: the MIC is computed with <paramref name="cmac"/>.
    /// </summary>
    /// <returns><see cref="RadioFrameError.None"/> and the length written, or why the fields are invalid.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the frame.</exception>
    public static RadioFrameError TryWrite(in RadioFrame frame, AesCmac cmac, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(cmac);
        written = 0;
        var error = WriteUnsigned(frame, destination, out var length);
        if (error != RadioFrameError.None)
        {
            return error;
        }

        var mic = cmac.ComputeMic(destination[..length]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[length..], mic);
        written = length + RadioFrameLayout.MicLength;
        return RadioFrameError.None;
    }

    /// <summary>Writes a frame and returns its bytes; for tools and tests, where an allocation does not matter.</summary>
    /// <exception cref="ArgumentException">The frame's fields are invalid.</exception>
    public static byte[] ToArray(in RadioFrame frame, AesCmac cmac)
    {
        Span<byte> buffer = stackalloc byte[RadioFrameLayout.MaxFrameLength];
        var error = TryWrite(frame, cmac, buffer, out var written);
        return error == RadioFrameError.None
            ? buffer[..written].ToArray()
            : throw new ArgumentException($"The frame is invalid: {error}.", nameof(frame));
    }

    /// <summary>Writes everything before the MIC; returns its length in <paramref name="length"/>.</summary>
    internal static RadioFrameError WriteUnsigned(in RadioFrame frame, Span<byte> destination, out int length)
    {
        length = 0;
        if (frame.Type is < FrameType.Beacon or > FrameType.CommandAck)
        {
            return RadioFrameError.UnknownFrameType;
        }

        if ((frame.Type is FrameType.Beacon or FrameType.DownlinkCommand or FrameType.CommandAck) && frame.Position.HasValue)
        {
            // Only reports and alarm events carry a position; dropping it silently would lose data.
            return RadioFrameError.TrailingBytes;
        }

        if (frame.Type == FrameType.PositionReport && !frame.Position.HasValue)
        {
            return RadioFrameError.Truncated;
        }

        var error = frame.Validate();
        if (error != RadioFrameError.None)
        {
            return error;
        }

        var total = frame.EncodedLength;
        if (destination.Length < total)
        {
            throw new ArgumentException($"A {frame.Type} frame needs {total} bytes.", nameof(destination));
        }

        destination[0] = (byte)((RadioFrameLayout.Version << 4) | (int)frame.Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[RadioFrameLayout.DeviceIdOffset..], frame.DeviceId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[RadioFrameLayout.CounterOffset..], frame.Counter);
        var status = (ushort)((ushort)frame.Flags | (frame.Battery << RadioFrameLayout.BatteryShift));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[RadioFrameLayout.StatusOffset..], status);

        var body = destination[RadioFrameLayout.BodyOffset..(total - RadioFrameLayout.MicLength)];
        switch (frame.Type)
        {
            case FrameType.PositionReport:
                WritePosition(body, frame.Position!.Value);
                break;
            case FrameType.AlarmEvent:
                body[0] = (byte)((byte)frame.Event | (frame.Position.HasValue ? RadioFrameLayout.EventHasPosition : 0));
                if (frame.Position is { } position)
                {
                    WritePosition(body[1..], position);
                }

                break;
            case FrameType.DownlinkCommand:
                body[0] = (byte)frame.Command;
                BinaryPrimitives.WriteUInt16LittleEndian(body[1..], frame.Argument);
                break;
            case FrameType.CommandAck:
                BinaryPrimitives.WriteUInt32LittleEndian(body, frame.AckedCounter);
                body[4] = (byte)frame.Command;
                body[5] = (byte)frame.Result;
                break;
        }

        length = total - RadioFrameLayout.MicLength;
        return RadioFrameError.None;
    }

    private static void WritePosition(Span<byte> destination, GeoFix position)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, position.LatitudeE7);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], position.LongitudeE7);
        destination[8] = position.AccuracyMetres;
        destination[9] = position.FixAgeSeconds;
    }
}
