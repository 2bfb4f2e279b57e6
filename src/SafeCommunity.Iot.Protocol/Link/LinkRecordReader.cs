using System.Buffers.Binary;

namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>Decodes link records (PROTOCOL.md §2.4). Never throws on any input.</summary>
public static class LinkRecordReader
{
    /// <summary>
    /// Decodes one encoded run (the bytes between two delimiters, without them) using
    /// <paramref name="scratch"/> (at least <see cref="LinkLayout.MaxRecordLength"/> bytes) for the record.
    /// </summary>
    public static LinkRecordError ReadEncoded(ReadOnlySpan<byte> encodedRun, Span<byte> scratch, out LinkRecord record)
    {
        record = default;
        if (encodedRun.Length > LinkLayout.MaxEncodedLength)
        {
            return LinkRecordError.Oversize;
        }

        if (!Cobs.TryDecode(encodedRun, scratch, out var length))
        {
            return LinkRecordError.BadCobs;
        }

        return Read(scratch[..length], out record);
    }

    /// <summary>Checks and decodes one record (type, payload, CRC), already out of COBS.</summary>
    public static LinkRecordError Read(ReadOnlySpan<byte> recordBytes, out LinkRecord record)
    {
        record = default;
        if (recordBytes.Length > LinkLayout.MaxRecordLength)
        {
            return LinkRecordError.Oversize;
        }

        if (recordBytes.Length < LinkLayout.Overhead)
        {
            return LinkRecordError.Truncated;
        }

        var covered = recordBytes[..^2];
        if (Crc16CcittFalse.Compute(covered) != BinaryPrimitives.ReadUInt16LittleEndian(recordBytes[^2..]))
        {
            return LinkRecordError.BadCrc;
        }

        var typeByte = covered[0];
        if (typeByte >> 4 != LinkLayout.Version)
        {
            return LinkRecordError.UnsupportedVersion;
        }

        var payload = covered[1..];
        return (LinkRecordType)(typeByte & 0x0F) switch
        {
            LinkRecordType.RadioReception => ReadReception(payload, out record),
            LinkRecordType.ReceiverStatus => ReadStatus(payload, out record),
            LinkRecordType.GnssSentence => ReadSentence(payload, out record),
            _ => LinkRecordError.UnknownRecordType,
        };
    }

    private static LinkRecordError ReadReception(ReadOnlySpan<byte> payload, out LinkRecord record)
    {
        record = default;
        var error = CheckLength(payload.Length, LinkLayout.MinReceptionPayload, LinkLayout.MaxReceptionPayload);
        if (error != LinkRecordError.None)
        {
            return error;
        }

        record = LinkRecord.ForReception(new RadioReception(
            BinaryPrimitives.ReadUInt32LittleEndian(payload),
            BinaryPrimitives.ReadInt16LittleEndian(payload[4..]),
            (sbyte)payload[6],
            payload[LinkLayout.ReceptionHeaderLength..]));
        return LinkRecordError.None;
    }

    private static LinkRecordError ReadStatus(ReadOnlySpan<byte> payload, out LinkRecord record)
    {
        record = default;
        var error = CheckLength(payload.Length, LinkLayout.StatusPayloadLength, LinkLayout.StatusPayloadLength);
        if (error != LinkRecordError.None)
        {
            return error;
        }

        var flags = payload[7];
        if ((flags & ReceiverStatus.ReservedFlagsMask) != 0)
        {
            return LinkRecordError.ReservedBitsSet;
        }

        record = LinkRecord.ForStatus(new ReceiverStatus(
            BinaryPrimitives.ReadUInt32LittleEndian(payload),
            payload[4],
            payload[5],
            payload[6],
            (ReceiverStatusFlags)flags,
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[20..])));
        return LinkRecordError.None;
    }

    private static LinkRecordError ReadSentence(ReadOnlySpan<byte> payload, out LinkRecord record)
    {
        record = default;
        var error = CheckLength(payload.Length, LinkLayout.MinSentenceLength, LinkLayout.MaxSentenceLength);
        if (error != LinkRecordError.None)
        {
            return error;
        }

        if (!IsSentence(payload))
        {
            return LinkRecordError.InvalidSentence;
        }

        record = LinkRecord.ForSentence(payload);
        return LinkRecordError.None;
    }

    /// <summary>Whether <paramref name="sentence"/> starts with '$' and is printable ASCII throughout.</summary>
    internal static bool IsSentence(ReadOnlySpan<byte> sentence) =>
        !sentence.IsEmpty && sentence[0] == (byte)'$' && !sentence.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);

    private static LinkRecordError CheckLength(int length, int minimum, int maximum) =>
        length < minimum ? LinkRecordError.Truncated
        : length > maximum ? LinkRecordError.TrailingBytes
        : LinkRecordError.None;
}
