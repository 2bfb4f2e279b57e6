using System.Buffers.Binary;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>
/// Builds link records as they travel on the wire: COBS-encoded, followed by the 0x00 delimiter. Used by
/// receiver simulators and tests; a real receiver's firmware does the same with the C reference encoder.
/// </summary>
public static class LinkRecordWriter
{
    /// <summary>Writes a radio reception record; returns the number of wire bytes.</summary>
    /// <exception cref="ArgumentException">The frame is empty or longer than 51 bytes, or the destination is too short.</exception>
    public static int WriteReception(Span<byte> destination, uint rxTimeMs, short rssiDbm, sbyte snrQuarterDb, ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty || frame.Length > RadioFrameLayout.MaxFrameLength)
        {
            throw new ArgumentException("A reception carries a frame of 1..51 bytes.", nameof(frame));
        }

        Span<byte> record = stackalloc byte[LinkLayout.MaxRecordLength];
        record[0] = TypeByte(LinkRecordType.RadioReception);
        BinaryPrimitives.WriteUInt32LittleEndian(record[1..], rxTimeMs);
        BinaryPrimitives.WriteInt16LittleEndian(record[5..], rssiDbm);
        record[7] = (byte)snrQuarterDb;
        frame.CopyTo(record[8..]);
        return Finish(record, 1 + LinkLayout.ReceptionHeaderLength + frame.Length, destination);
    }

    /// <summary>Writes a receiver status record; returns the number of wire bytes.</summary>
    /// <exception cref="ArgumentException">Undefined flags are set, or the destination is too short.</exception>
    public static int WriteStatus(Span<byte> destination, in ReceiverStatus status)
    {
        if (((byte)status.Flags & ReceiverStatus.ReservedFlagsMask) != 0)
        {
            throw new ArgumentException("Only the hello, GNSS-present and radio-fault flags are defined.", nameof(status));
        }

        Span<byte> record = stackalloc byte[LinkLayout.MaxRecordLength];
        record[0] = TypeByte(LinkRecordType.ReceiverStatus);
        var payload = record[1..];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, status.ReceiverId);
        payload[4] = status.FirmwareMajor;
        payload[5] = status.FirmwareMinor;
        payload[6] = status.FirmwarePatch;
        payload[7] = (byte)status.Flags;
        BinaryPrimitives.WriteUInt32LittleEndian(payload[8..], status.UptimeSeconds);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[12..], status.FramesReceived);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[16..], status.RadioCrcErrors);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[20..], status.RecordsDropped);
        return Finish(record, 1 + LinkLayout.StatusPayloadLength, destination);
    }

    /// <summary>Writes a GNSS sentence record (ASCII, from '$' to the checksum, no CR LF); returns the number of wire bytes.</summary>
    /// <exception cref="ArgumentException">Not a 6..80 byte printable sentence starting with '$', or the destination is too short.</exception>
    public static int WriteSentence(Span<byte> destination, ReadOnlySpan<byte> sentence)
    {
        if (sentence.Length is < LinkLayout.MinSentenceLength or > LinkLayout.MaxSentenceLength || !LinkRecordReader.IsSentence(sentence))
        {
            throw new ArgumentException("A GNSS record carries a printable NMEA sentence of 6..80 bytes starting with '$'.", nameof(sentence));
        }

        Span<byte> record = stackalloc byte[LinkLayout.MaxRecordLength];
        record[0] = TypeByte(LinkRecordType.GnssSentence);
        sentence.CopyTo(record[1..]);
        return Finish(record, 1 + sentence.Length, destination);
    }

    private static byte TypeByte(LinkRecordType type) => (byte)((LinkLayout.Version << 4) | (int)type);

    private static int Finish(Span<byte> record, int coveredLength, Span<byte> destination)
    {
        var crc = Crc16CcittFalse.Compute(record[..coveredLength]);
        BinaryPrimitives.WriteUInt16LittleEndian(record[coveredLength..], crc);
        var recordLength = coveredLength + 2;
        if (destination.Length < Cobs.MaxEncodedLength(recordLength) + 1)
        {
            throw new ArgumentException($"The destination needs {Cobs.MaxEncodedLength(recordLength) + 1} bytes.", nameof(destination));
        }

        var encoded = Cobs.Encode(record[..recordLength], destination);
        destination[encoded] = LinkLayout.Delimiter;
        return encoded + 1;
    }
}
