using Microsoft.Win32.SafeHandles;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>Told each whole record a scan finds; returns false to leave it out and stop the scan there.</summary>
internal delegate bool RecordVisitor(long offset, int length, ReadOnlySpan<byte> payload, int points);

/// <summary>What a scan of a segment found.</summary>
/// <param name="End">Where the scan stopped: after the last record visited or region skipped.</param>
/// <param name="LastRecordEnd">Where the last whole record ended (the segment's valid length when the scan ran to the end).</param>
/// <param name="TailBytes">Bytes after the last whole record that are no record (a torn tail); 0 when the scan was stopped.</param>
internal readonly record struct ScanResult(long End, long LastRecordEnd, long TailBytes);

/// <summary>
/// Reads the records of a segment file in chunks, through a buffer that grows to fit the largest record. A damaged
/// region in the middle is reported and skipped to the next header (a resync); bytes at the end that make no whole
/// record are the torn tail.
/// </summary>
internal static class SegmentScanner
{
    public static ScanResult Scan(
        SafeFileHandle handle, long start, long end, ref byte[] buffer, RecordVisitor onRecord, Action<long, long>? onDamage)
    {
        var offset = start;
        var lastRecordEnd = start;
        while (offset < end)
        {
            var want = (int)Math.Min(buffer.Length, end - offset);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, want), offset);
            if (read <= 0)
            {
                break;
            }

            var span = buffer.AsSpan(0, read);
            var atEnd = offset + read >= end;
            var position = 0;
            while (position < read)
            {
                var status = SpoolRecord.TryRead(span[position..], out var length, out var payload, out var points);
                if (status == SpoolRecordStatus.Record)
                {
                    if (!onRecord(offset + position, length, payload, points))
                    {
                        return new ScanResult(offset + position, lastRecordEnd, 0);
                    }

                    position += length;
                    lastRecordEnd = offset + position;
                    continue;
                }

                if (status == SpoolRecordStatus.Incomplete)
                {
                    // A header further on means this one's length is damaged, not that the file ends in a torn record.
                    if (atEnd && SpoolRecord.FindNextHeader(span[position..]) is var later and > 0)
                    {
                        onDamage?.Invoke(offset + position, later);
                        position += later;
                        continue;
                    }

                    if (atEnd)
                    {
                        return new ScanResult(offset + position, lastRecordEnd, read - position);
                    }

                    if (position == 0)
                    {
                        // One record larger than the buffer: grow to fit it (its header is whole, or the read reached the end).
                        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, RecordLength(span)));
                    }

                    break;
                }

                var next = SpoolRecord.FindNextHeader(span[position..]);
                if (next < 0)
                {
                    if (atEnd)
                    {
                        // Nothing valid after the damage: it is the tail.
                        return new ScanResult(offset + position, lastRecordEnd, read - position);
                    }

                    // A header may start after the last newline and go on past this chunk: read again from there.
                    var lastNewline = span[position..].LastIndexOf((byte)'\n');
                    next = lastNewline >= 0 ? lastNewline + 1 : read - position;
                }

                onDamage?.Invoke(offset + position, next);
                position += next;
            }

            offset += position;
        }

        return new ScanResult(offset, lastRecordEnd, 0);
    }

    private static int RecordLength(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < SpoolRecord.HeaderLength)
        {
            return SpoolRecord.HeaderLength;
        }

        var length = 0;
        foreach (var digit in chunk[5..13])
        {
            length = (length << 4) | (digit <= '9' ? digit - '0' : digit - 'a' + 10);
        }

        return SpoolRecord.HeaderLength + length;
    }
}
