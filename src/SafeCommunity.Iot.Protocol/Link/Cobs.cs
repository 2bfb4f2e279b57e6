namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>Consistent Overhead Byte Stuffing (Cheshire and Baker 1999): output never contains 0x00.</summary>
public static class Cobs
{
    /// <summary>The longest encoding of <paramref name="length"/> bytes.</summary>
    public static int MaxEncodedLength(int length) => length + 1 + (length / 254);

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/> (no delimiter) and returns the length.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxEncodedLength(source.Length))
        {
            throw new ArgumentException("The destination is too short for the encoding.", nameof(destination));
        }

        var codeIndex = 0;
        var written = 1;
        byte code = 1;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b != 0)
            {
                destination[written++] = b;
                code++;
            }

            if (b == 0 || code == 0xFF)
            {
                destination[codeIndex] = code;
                code = 1;
                codeIndex = written;

                // A full 254-byte block at the very end needs no further code byte.
                if (b == 0 || i < source.Length - 1)
                {
                    written++;
                }
            }
        }

        if (codeIndex < written)
        {
            destination[codeIndex] = code;
        }

        return written;
    }

    /// <summary>Decodes one encoded run (without its delimiter). Never throws on bad input.</summary>
    /// <returns>False when the run is not valid COBS (a 0x00 inside, or a code past the end) or does not fit.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        var read = 0;
        while (read < encoded.Length)
        {
            var code = encoded[read++];
            if (code == 0 || read + code - 1 > encoded.Length || written + code - 1 > destination.Length)
            {
                written = 0;
                return false;
            }

            var run = encoded.Slice(read, code - 1);
            if (run.Contains((byte)0))
            {
                written = 0;
                return false;
            }

            run.CopyTo(destination[written..]);
            written += run.Length;
            read += run.Length;
            if (code != 0xFF && read < encoded.Length)
            {
                if (written >= destination.Length)
                {
                    written = 0;
                    return false;
                }

                destination[written++] = 0;
            }
        }

        return true;
    }
}
