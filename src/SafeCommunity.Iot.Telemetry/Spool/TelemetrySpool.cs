using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using SafeCommunity.Iot.Telemetry.Diagnostics;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>
/// The durable spool: a folder of segment files (<c>0000000000000001.lp</c>, ...) holding framed line-protocol
/// records (<see cref="SpoolRecord"/>), a cursor file saying how far the server has confirmed, and a disk cap.
/// A point counts as accepted once <see cref="Append"/> has written it; a segment is deleted only after the server
/// confirmed all of it; at the cap the oldest segment is dropped, its unsent points counted and logged. Opening it
/// scans every segment, cuts a torn tail (a record half written when the power went) and logs what it cut.
/// Thread-safe: one appender and one sender at a time.
/// </summary>
public sealed class TelemetrySpool : IDisposable
{
    /// <summary>The file name pattern of segments.</summary>
    public const string SegmentPattern = "????????????????.lp";

    private const string CursorFileName = "cursor";
    private const int ReadChunk = 1 << 20;

    private readonly Lock _lock = new();
    private readonly List<Segment> _segments = [];
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly TelemetryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CheckpointFile _cursorFile;
    private SafeFileHandle? _head;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _cursorSegment;
    private long _cursorOffset;
    private long _totalBytes;
    private long _pendingPoints;
    private bool _dirty;
    private bool _disposed;

    private TelemetrySpool(string directory, long maxBytes, long segmentBytes, TelemetryMetrics metrics, ILogger logger)
    {
        Directory = directory;
        _maxBytes = maxBytes;
        _segmentBytes = segmentBytes;
        _metrics = metrics;
        _logger = logger;
        _cursorFile = new CheckpointFile(Path.Combine(directory, CursorFileName));
    }

    /// <summary>The spool's folder.</summary>
    public string Directory { get; }

    /// <summary>Bytes in all segments.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>Points in the spool that the server has not confirmed yet.</summary>
    public long PendingPoints
    {
        get
        {
            lock (_lock)
            {
                return _pendingPoints;
            }
        }
    }

    /// <summary>How many segment files there are.</summary>
    public int SegmentCount
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>Completes at the next <see cref="Append"/>; take it before looking for data, then wait on it.</summary>
    public Task Appended
    {
        get
        {
            lock (_lock)
            {
                return _appended.Task;
            }
        }
    }

    /// <summary>
    /// Opens (creating when missing) the spool in <paramref name="directory"/>: scans every segment, cuts torn tails,
    /// reads the cursor, and drops the oldest segments if the spool is over <paramref name="maxBytes"/>.
    /// </summary>
    public static TelemetrySpool Open(string directory, long maxBytes, long segmentBytes, TelemetryMetrics metrics, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        System.IO.Directory.CreateDirectory(directory);
        var spool = new TelemetrySpool(directory, maxBytes, segmentBytes, metrics, logger);
        try
        {
            spool.Recover();
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends the record in <paramref name="record"/> (one write) and clears the builder. The points count as
    /// accepted when this returns; they reach the disk itself at the next <see cref="Flush"/>.
    /// </summary>
    public void Append(RecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Points == 0)
        {
            return;
        }

        var points = record.Points;
        var bytes = record.Seal();
        TaskCompletionSource appended;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var head = HeadFor(bytes.Length);
            RandomAccess.Write(_head!, bytes.Span, head.Length);
            head.Length += bytes.Length;
            head.Points += points;
            _totalBytes += bytes.Length;
            _pendingPoints += points;
            _dirty = true;
            EnforceCap();
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        record.Clear();
        _metrics.PointsSpooled(points);
        appended.TrySetResult();
    }

    /// <summary>Forces what was appended since the last call to disk (fsync), with the cursor.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_disposed || !_dirty)
            {
                return;
            }

            if (_head is { } head)
            {
                RandomAccess.FlushToDisk(head);
            }

            _cursorFile.Flush();
            _dirty = false;
        }
    }

    /// <summary>
    /// Reads the records at the cursor, up to <paramref name="maxPoints"/> points (at least one record), from one
    /// segment; null when everything in the spool has been confirmed. The batch stays in flight until
    /// <see cref="Confirm"/> or <see cref="Abandon"/>.
    /// </summary>
    public SpoolBatch? ReadBatch(int maxPoints)
    {
        long segmentId;
        long start;
        long end;
        string path;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SkipFinishedSegments();
            var segment = Find(_cursorSegment);
            if (segment is null || _cursorOffset >= segment.Length)
            {
                return null;
            }

            segmentId = segment.Id;
            start = _cursorOffset;
            end = segment.Length;
            path = segment.Path;
        }

        using var lines = new MemoryStream();
        var points = 0;
        ScanResult scan;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[(int)Math.Min(ReadChunk, Math.Max(end - start, SpoolRecord.HeaderLength))];
            scan = SegmentScanner.Scan(
                handle, start, end, ref buffer,
                (_, _, payload, count) =>
                {
                    // Not taken: the batch is full, or this record would overfill it (a first record is always taken).
                    if (points > 0 && points + count > maxPoints)
                    {
                        return false;
                    }

                    lines.Write(payload);
                    points += count;
                    return true;
                },
                (offset, length) => Damaged(segmentId, offset, length));
        }
        catch (FileNotFoundException)
        {
            // Dropped at the cap (or removed by hand) while we looked: the next call starts at the next segment.
            lock (_lock)
            {
                if (!ForgetMissing(segmentId))
                {
                    return null;
                }
            }

            return ReadBatch(maxPoints);
        }

        var batchEnd = scan.End;
        if (scan.TailBytes > 0)
        {
            // Only a segment damaged after it was opened can end in a partial record here; skip it with the rest.
            Damaged(segmentId, scan.End, scan.TailBytes);
            batchEnd = end;
        }

        var batch = new SpoolBatch(segmentId, start, batchEnd, points, lines.ToArray());
        lock (_lock)
        {
            if (Find(segmentId) is { } segment)
            {
                segment.InFlightPoints = points;
            }
        }

        return batch;
    }

    /// <summary>The server stored <paramref name="batch"/>: move the cursor past it, delete its segment when finished.</summary>
    public void Confirm(SpoolBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            if (_disposed || Find(batch.SegmentId) is not { } segment)
            {
                // Dropped at the cap while in flight; its points were left out of the drop count, and they arrived.
                return;
            }

            segment.InFlightPoints = 0;
            segment.ConfirmedPoints += batch.Points;
            _pendingPoints -= batch.Points;
            if (_cursorSegment == batch.SegmentId && _cursorOffset == batch.Start)
            {
                _cursorOffset = batch.End;
                SaveCursor();
            }

            SkipFinishedSegments();
        }
    }

    /// <summary>Whether the segment of <paramref name="batch"/> was dropped at the cap while the batch was in flight.</summary>
    public bool IsDropped(SpoolBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            return Find(batch.SegmentId) is null;
        }
    }

    /// <summary>Gives up a batch whose segment was dropped at the cap while it was being retried: its points count as dropped.</summary>
    public void Abandon(SpoolBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (IsDropped(batch))
        {
            _metrics.PointsDropped(DropReason.SpoolCap, batch.Points);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_head is { } head)
            {
                if (_dirty)
                {
                    RandomAccess.FlushToDisk(head);
                }

                head.Dispose();
            }

            _cursorFile.Dispose();
        }
    }

    private static long IdOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    private string PathOf(long id) => Path.Combine(Directory, id.ToString("D16", CultureInfo.InvariantCulture) + ".lp");

    private void Recover()
    {
        var cursor = _cursorFile.Read();
        var files = System.IO.Directory.GetFiles(Directory, SegmentPattern)
            .Select(path => (Path: path, Id: IdOf(path)))
            .Where(f => f.Id > 0)
            .OrderBy(f => f.Id)
            .ToList();
        var buffer = new byte[ReadChunk];
        foreach (var (path, id) in files)
        {
            var segment = new Segment(id, path);
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            {
                var length = RandomAccess.GetLength(handle);
                long points = 0;
                long confirmed = 0;
                var cursorOffset = cursor is { } c && c.First == id ? c.Second : -1;
                var scan = SegmentScanner.Scan(
                    handle, 0, length, ref buffer,
                    (offset, _, _, count) =>
                    {
                        points += count;
                        if (offset < cursorOffset)
                        {
                            confirmed += count;
                        }

                        return true;
                    },
                    (offset, bytes) => Damaged(id, offset, bytes));
                if (scan.TailBytes > 0)
                {
                    // A record cut short when the power went (or zeros the file system left after one): cut it off,
                    // so the next append starts on a clean record boundary.
                    RandomAccess.SetLength(handle, scan.LastRecordEnd);
                    RandomAccess.FlushToDisk(handle);
                    TelemetryLog.TornTailCut(_logger, path, scan.TailBytes, scan.LastRecordEnd);
                    length = scan.LastRecordEnd;
                }

                segment.Length = length;
                segment.Points = points;
                segment.ConfirmedPoints = confirmed;
            }

            _segments.Add(segment);
            _totalBytes += segment.Length;
        }

        // The cursor: where the server's confirmations got to. Missing or naming a segment that is gone: the oldest.
        if (cursor is { } saved && Find(saved.First) is { } atCursor)
        {
            _cursorSegment = atCursor.Id;
            _cursorOffset = Math.Min(saved.Second, atCursor.Length);
        }
        else
        {
            _cursorSegment = _segments.Count > 0 ? _segments[0].Id : 1;
            _cursorOffset = 0;
            foreach (var segment in _segments)
            {
                segment.ConfirmedPoints = 0;
            }
        }

        // Segments before the cursor were confirmed before a crash that came before their deletion.
        foreach (var confirmed in _segments.Where(s => s.Id < _cursorSegment).ToList())
        {
            _segments.Remove(confirmed);
            _totalBytes -= confirmed.Length;
            File.Delete(confirmed.Path);
        }

        foreach (var segment in _segments)
        {
            _pendingPoints += segment.Points - segment.ConfirmedPoints;
        }

        // New points always go to a new segment: a segment written by an earlier run is never appended to again.
        OpenNewHead();
        lock (_lock)
        {
            EnforceCap();
            SkipFinishedSegments();
            SaveCursor();
        }

        TelemetryLog.SpoolOpened(_logger, Directory, _segments.Count, _totalBytes, _pendingPoints, _maxBytes);
    }

    private Segment HeadFor(int recordLength)
    {
        var head = _segments[^1];
        if (head.Length > 0 && head.Length + recordLength > _segmentBytes)
        {
            // The finished segment goes to disk now: only the newest segment can ever end in a torn record.
            RandomAccess.FlushToDisk(_head!);
            _head!.Dispose();
            _head = null;
            head = OpenNewHead();
        }

        return head;
    }

    private Segment OpenNewHead()
    {
        var id = _segments.Count > 0 ? _segments[^1].Id + 1 : Math.Max(_cursorSegment, 1);
        var segment = new Segment(id, PathOf(id));
        _head = File.OpenHandle(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _segments.Add(segment);
        if (_segments.Count == 1)
        {
            _cursorSegment = id;
            _cursorOffset = 0;
        }

        return segment;
    }

    private void EnforceCap()
    {
        while (_totalBytes > _maxBytes && _segments.Count > 1)
        {
            var oldest = _segments[0];
            var unsent = oldest.Points - oldest.ConfirmedPoints;

            // A batch in flight from it is counted when it fails (Abandon), not here: it may yet arrive.
            var dropped = unsent - oldest.InFlightPoints;
            Remove(oldest);
            _metrics.PointsDropped(DropReason.SpoolCap, dropped);
            TelemetryLog.SegmentDropped(_logger, oldest.Path, dropped, oldest.Length, _maxBytes);
        }
    }

    private void SkipFinishedSegments()
    {
        while (Find(_cursorSegment) is { } segment && segment != _segments[^1] &&
               _cursorOffset >= segment.Length && segment.InFlightPoints == 0)
        {
            Remove(segment);
        }

        if (Find(_cursorSegment) is null && _segments.Count > 0)
        {
            _cursorSegment = _segments[0].Id;
            _cursorOffset = 0;
            SaveCursor();
        }
    }

    private void Remove(Segment segment)
    {
        _segments.Remove(segment);
        _totalBytes -= segment.Length;
        _pendingPoints -= segment.Points - segment.ConfirmedPoints;
        try
        {
            File.Delete(segment.Path);
        }
        catch (IOException exception)
        {
            TelemetryLog.SegmentDeleteFailed(_logger, exception, segment.Path);
        }
        catch (UnauthorizedAccessException exception)
        {
            TelemetryLog.SegmentDeleteFailed(_logger, exception, segment.Path);
        }

        if (_cursorSegment == segment.Id && _segments.Count > 0)
        {
            _cursorSegment = _segments[0].Id;
            _cursorOffset = 0;
            SaveCursor();
        }
    }

    /// <summary>Forgets a segment file that vanished; false when it is the newest (nothing to move on to).</summary>
    private bool ForgetMissing(long segmentId)
    {
        if (Find(segmentId) is not { } segment)
        {
            return true;
        }

        if (segment == _segments[^1])
        {
            return false;
        }

        TelemetryLog.SegmentMissing(_logger, segment.Path, segment.Points - segment.ConfirmedPoints);
        _metrics.PointsDropped(DropReason.SpoolCap, segment.Points - segment.ConfirmedPoints);
        Remove(segment);
        return true;
    }

    private void SaveCursor()
    {
        _cursorFile.Write(_cursorSegment, _cursorOffset);
        _dirty = true;
    }

    private void Damaged(long segmentId, long offset, long length)
    {
        _metrics.Resynced();
        TelemetryLog.DamagedRegionSkipped(_logger, PathOf(segmentId), offset, length);
    }

    private Segment? Find(long id)
    {
        foreach (var segment in _segments)
        {
            if (segment.Id == id)
            {
                return segment;
            }
        }

        return null;
    }

    private sealed class Segment(long id, string path)
    {
        public long Id { get; } = id;

        public string Path { get; } = path;

        public long Length { get; set; }

        public long Points { get; set; }

        public long ConfirmedPoints { get; set; }

        public long InFlightPoints { get; set; }
    }
}
