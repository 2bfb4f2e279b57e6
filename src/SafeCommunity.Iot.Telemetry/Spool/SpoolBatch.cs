using System.Text;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>
/// Consecutive records of one segment, read for sending: their lines, and where they lie, so the spool can move its
/// cursor past them once the server confirmed them.
/// </summary>
public sealed class SpoolBatch
{
    internal SpoolBatch(long segmentId, long start, long end, int points, byte[] lines)
    {
        SegmentId = segmentId;
        Start = start;
        End = end;
        Points = points;
        Lines = lines;
    }

    /// <summary>The segment the records are in.</summary>
    public long SegmentId { get; }

    /// <summary>Where the first record starts.</summary>
    public long Start { get; }

    /// <summary>Where the last record (or a damaged region skipped after it) ends.</summary>
    public long End { get; }

    /// <summary>How many points the lines hold.</summary>
    public int Points { get; }

    /// <summary>The line protocol, one point a line, each line ending in <c>\n</c>.</summary>
    public byte[] Lines { get; }

    /// <summary>The line protocol as text.</summary>
    public string Text => Encoding.UTF8.GetString(Lines);
}
