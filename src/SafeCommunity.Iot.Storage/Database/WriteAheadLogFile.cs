using System.Buffers.Binary;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// What a write-ahead log left by a run that did not close the database holds, read from the file before SQLite opens
/// it (https://www.sqlite.org/fileformat.html#the_write_ahead_log): how many frames belong to the log's current cycle
/// (their salts match the header's) and how many bytes of a frame were left half written at the end. A clean close
/// checkpoints and deletes the log, so a log with frames at start means the process or the machine stopped without
/// closing. SQLite then keeps the frames up to the last whole committed transaction whose checksums hold, and ignores
/// the rest; comparing what it kept with <see cref="Frames"/> says what was cut.
/// </summary>
/// <param name="Frames">Whole frames of the current cycle, from the start of the log.</param>
/// <param name="TornBytes">Bytes after the last whole frame of the current cycle that do not make a whole frame.</param>
internal readonly record struct WriteAheadLogFile(long Frames, long TornBytes)
{
    private const int HeaderSize = 32;
    private const int FrameHeaderSize = 24;

    /// <summary>Reads the log at <paramref name="path"/>; null when there is none, or it has no valid header (SQLite ignores such a log).</summary>
    public static WriteAheadLogFile? Inspect(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Span<byte> header = stackalloc byte[HeaderSize];
            if (file.Length < HeaderSize || file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                return null;
            }

            var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
            var pageSize = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
            if ((magic & 0xFFFFFFFE) != 0x377F0682 || pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
            {
                return null;
            }

            var salts = header.Slice(16, 8).ToArray();
            var frameSize = FrameHeaderSize + (long)pageSize;
            Span<byte> frameHeader = stackalloc byte[FrameHeaderSize];
            long frames = 0;
            var offset = (long)HeaderSize;
            while (offset + frameSize <= file.Length)
            {
                file.Position = offset;
                if (file.ReadAtLeast(frameHeader, FrameHeaderSize, throwOnEndOfStream: false) < FrameHeaderSize
                    || !frameHeader.Slice(8, 8).SequenceEqual(salts))
                {
                    // A frame of an earlier cycle of the log: SQLite never reads past it.
                    return new WriteAheadLogFile(frames, 0);
                }

                frames++;
                offset += frameSize;
            }

            return new WriteAheadLogFile(frames, file.Length - offset);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
