using System.Buffers.Binary;
using System.Numerics;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>What reading the next record of a segment found.</summary>
public enum SpoolRecordStatus
{
    /// <summary>A whole record whose checksum matches.</summary>
    Record,

    /// <summary>The bytes end inside a record (a torn tail, or a record still being written).</summary>
    Incomplete,

    /// <summary>The bytes at this position are not a valid record (bad header, or checksum mismatch).</summary>
    Corrupt,
}

/// <summary>
/// The framing of a spool segment. Each record is a 32-byte header line followed by its payload, line protocol whose
/// every line ends in <c>\n</c>:
/// <code>
/// #sc1 LLLLLLLL CCCCCCCC NNNNNNNN\n      length of the payload, CRC-32C, points; 8 lower-case hex digits each
/// position,community=wufu,... lat=25.1,lon=105.4 1733000000000000000\n
/// ...
/// </code>
/// The header is a line-protocol comment, so a segment is a file that <c>influx write</c> imports as it is. The CRC
/// covers the length, the point count and the payload: a record cut short by a power cut, or damaged on disk, is
/// detected, never sent half.
/// </summary>
public static class SpoolRecord
{
    /// <summary>The header's length in bytes.</summary>
    public const int HeaderLength = 32;

    /// <summary>The largest payload a record may carry (a sanity limit on the length field).</summary>
    public const int MaxPayloadLength = 64 << 20;

    private static ReadOnlySpan<byte> Magic => "#sc1 "u8;

    /// <summary>Writes the header of a record with <paramref name="payload"/> and <paramref name="points"/> into <paramref name="header"/>.</summary>
    public static void WriteHeader(Span<byte> header, ReadOnlySpan<byte> payload, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(header.Length, HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxPayloadLength);
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        Magic.CopyTo(header);
        WriteHex(header[5..13], (uint)payload.Length);
        header[13] = (byte)' ';
        WriteHex(header[14..22], Checksum(payload, payload.Length, points));
        header[22] = (byte)' ';
        WriteHex(header[23..31], (uint)points);
        header[31] = (byte)'\n';
    }

    /// <summary>The whole record (header and payload) as bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload, int points)
    {
        var record = new byte[HeaderLength + payload.Length];
        WriteHeader(record, payload, points);
        payload.CopyTo(record.AsSpan(HeaderLength));
        return record;
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="buffer"/>. On <see cref="SpoolRecordStatus.Record"/>,
    /// <paramref name="length"/> is the whole record's length, <paramref name="payload"/> its line protocol and
    /// <paramref name="points"/> its point count. <see cref="SpoolRecordStatus.Incomplete"/> asks for more bytes;
    /// a header whose fields are bad is <see cref="SpoolRecordStatus.Corrupt"/> without waiting for its body.
    /// </summary>
    public static SpoolRecordStatus TryRead(ReadOnlySpan<byte> buffer, out int length, out ReadOnlySpan<byte> payload, out int points)
    {
        length = 0;
        payload = default;
        points = 0;
        var headerBytes = Math.Min(buffer.Length, HeaderLength);

        // Check what there is of the header first: garbage is found without waiting for a body that never comes.
        if (!HeaderPrefixIsPlausible(buffer[..headerBytes]))
        {
            return SpoolRecordStatus.Corrupt;
        }

        if (buffer.Length < HeaderLength)
        {
            return SpoolRecordStatus.Incomplete;
        }

        var payloadLength = (int)ReadHex(buffer[5..13]);
        var crc = ReadHex(buffer[14..22]);
        var count = ReadHex(buffer[23..31]);
        if (payloadLength > MaxPayloadLength || count > int.MaxValue)
        {
            return SpoolRecordStatus.Corrupt;
        }

        if (buffer.Length - HeaderLength < payloadLength)
        {
            return SpoolRecordStatus.Incomplete;
        }

        var body = buffer.Slice(HeaderLength, payloadLength);
        if (Checksum(body, payloadLength, (int)count) != crc || (payloadLength > 0 && body[^1] != (byte)'\n'))
        {
            return SpoolRecordStatus.Corrupt;
        }

        length = HeaderLength + payloadLength;
        payload = body;
        points = (int)count;
        return SpoolRecordStatus.Record;
    }

    /// <summary>
    /// Where the next record may start after damage at the start of <paramref name="buffer"/>: the next line that
    /// begins with the header's magic, or -1 when there is none in <paramref name="buffer"/>.
    /// </summary>
    public static int FindNextHeader(ReadOnlySpan<byte> buffer)
    {
        var from = 1;
        while (from < buffer.Length)
        {
            var newline = buffer[from..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return -1;
            }

            var start = from + newline + 1;
            var rest = buffer[start..];
            if (rest.Length > 0 && (rest.Length < Magic.Length ? Magic.StartsWith(rest) : rest.StartsWith(Magic)))
            {
                return start;
            }

            from = start;
        }

        return -1;
    }

    private static bool HeaderPrefixIsPlausible(ReadOnlySpan<byte> header)
    {
        for (var i = 0; i < header.Length; i++)
        {
            var ok = i switch
            {
                < 5 => header[i] == Magic[i],
                13 or 22 => header[i] == (byte)' ',
                31 => header[i] == (byte)'\n',
                _ => IsHexDigit(header[i]),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHexDigit(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f';

    /// <summary>CRC-32C over the length, the point count and the payload.</summary>
    private static uint Checksum(ReadOnlySpan<byte> payload, int length, int points)
    {
        var crc = BitOperations.Crc32C(0xFFFFFFFFu, (uint)length);
        crc = BitOperations.Crc32C(crc, (uint)points);
        var i = 0;
        for (; i + 8 <= payload.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(payload[i..]));
        }

        for (; i < payload.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, payload[i]);
        }

        return ~crc;
    }

    private static void WriteHex(Span<byte> destination, uint value)
    {
        for (var i = 7; i >= 0; i--)
        {
            var nibble = (int)(value & 0xF);
            destination[i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }
    }

    private static uint ReadHex(ReadOnlySpan<byte> digits)
    {
        uint value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (uint)(digit <= '9' ? digit - '0' : digit - 'a' + 10);
        }

        return value;
    }
}
