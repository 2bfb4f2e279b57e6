using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Tests.Support;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Spool;

public sealed class TelemetrySpoolTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static void AppendPoints(TelemetrySpool spool, int from, int count)
    {
        var record = new RecordBuilder();
        for (var i = from; i < from + count; i++)
        {
            record.AddLine($"uplink,device=1,gateway=g counter={i}i {PointFormatter.Nanoseconds(Start.AddSeconds(i))}");
        }

        spool.Append(record);
    }

    private static List<long> Drain(TelemetrySpool spool, int batchSize = 1000)
    {
        var counters = new List<long>();
        while (spool.ReadBatch(batchSize) is { } batch)
        {
            counters.AddRange(batch.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => long.Parse(line.Split("counter=")[1].Split('i')[0], System.Globalization.CultureInfo.InvariantCulture)));
            spool.Confirm(batch);
        }

        return counters;
    }

    private static TelemetrySpool Open(string directory, CapturingLogger logger, TelemetryMetrics? metrics = null, long maxBytes = 64L << 20, long segmentBytes = 1L << 20) =>
        TelemetrySpool.Open(directory, maxBytes, segmentBytes, metrics ?? TestMeters.Telemetry(), logger);

    [Fact]
    public void Append_ThenReadAndConfirm_DeliversEveryPointOnceInOrderAndDeletesFinishedSegments()
    {
        using var directory = new TempDirectory();
        using var spool = Open(directory.Path, new CapturingLogger(), segmentBytes: 64 << 10);
        for (var i = 0; i < 100; i++)
        {
            AppendPoints(spool, i * 20, 20);
        }

        Assert.True(spool.SegmentCount > 1);
        Assert.Equal(2000, spool.PendingPoints);

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), Drain(spool, 300));
        Assert.Equal(0, spool.PendingPoints);
        Assert.Equal(1, spool.SegmentCount);
    }

    [Fact]
    public void Reopen_AfterConfirmingPart_ResumesAtTheCursorWithoutResending()
    {
        using var directory = new TempDirectory();
        using (var spool = Open(directory.Path, new CapturingLogger(), segmentBytes: 64 << 10))
        {
            for (var i = 0; i < 50; i++)
            {
                AppendPoints(spool, i * 20, 20);
            }

            for (var i = 0; i < 3; i++)
            {
                spool.Confirm(spool.ReadBatch(100)!);
            }

            // Read but never confirmed: in flight when the process died.
            _ = spool.ReadBatch(100);
        }

        using var reopened = Open(directory.Path, new CapturingLogger(), segmentBytes: 64 << 10);
        Assert.Equal(700, reopened.PendingPoints);
        Assert.Equal(Enumerable.Range(300, 700).Select(i => (long)i), Drain(reopened));
    }

    [Fact]
    public void Reopen_WithATornLastRecordAtEveryLength_KeepsTheWholeRecordsCutsTheTailAndLogsIt()
    {
        using var template = new TempDirectory();
        string segment;
        using (var spool = Open(template.Path, new CapturingLogger()))
        {
            AppendPoints(spool, 0, 3);
            AppendPoints(spool, 3, 2);
            segment = Directory.GetFiles(template.Path, TelemetrySpool.SegmentPattern).Single();
        }

        var whole = File.ReadAllBytes(segment);
        var firstRecord = SpoolRecord.HeaderLength + whole.AsSpan(SpoolRecord.HeaderLength).IndexOf("#sc1 "u8);
        for (var cut = firstRecord + 1; cut < whole.Length; cut++)
        {
            using var directory = new TempDirectory();
            var torn = Path.Combine(directory.Path, Path.GetFileName(segment));
            File.WriteAllBytes(torn, whole[..cut]);
            var logger = new CapturingLogger();

            using var spool = Open(directory.Path, logger);

            Assert.True(firstRecord == new FileInfo(torn).Length, $"cut at {cut} of {whole.Length}: {new FileInfo(torn).Length} bytes kept, not {firstRecord}");
            Assert.True(logger.Contains("torn record"), $"cut at {cut}: the cut is logged");
            AppendPoints(spool, 100, 1);
            Assert.Equal([0L, 1, 2, 100], Drain(spool));
        }
    }

    [Fact]
    public void Reopen_WithZerosAfterTheLastRecord_CutsThem()
    {
        using var directory = new TempDirectory();
        using (var spool = Open(directory.Path, new CapturingLogger()))
        {
            AppendPoints(spool, 0, 2);
        }

        var segment = Directory.GetFiles(directory.Path, TelemetrySpool.SegmentPattern).Single();
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(new byte[4096]);
        }

        var logger = new CapturingLogger();
        using var reopened = Open(directory.Path, logger);
        Assert.True(logger.Contains("4096 bytes of a torn record"));
        Assert.Equal([0L, 1], Drain(reopened));
    }

    [Fact]
    public void Read_DamagedRecordInTheMiddle_IsSkippedCountedAndLoggedAndTheRestDelivered()
    {
        using var directory = new TempDirectory();
        var metrics = TestMeters.Telemetry();
        using (var spool = Open(directory.Path, new CapturingLogger()))
        {
            AppendPoints(spool, 0, 2);
            AppendPoints(spool, 2, 2);
            AppendPoints(spool, 4, 2);
        }

        var segment = Directory.GetFiles(directory.Path, TelemetrySpool.SegmentPattern).Single();
        var bytes = File.ReadAllBytes(segment);
        var second = bytes.AsSpan(1).IndexOf("#sc1 "u8) + 1;
        bytes[second + SpoolRecord.HeaderLength + 3] ^= 0x01;
        File.WriteAllBytes(segment, bytes);

        var logger = new CapturingLogger();
        using var reopened = Open(directory.Path, logger, metrics);
        Assert.Equal([0L, 1, 4, 5], Drain(reopened));
        Assert.True(metrics.Resyncs >= 1);
        Assert.True(logger.Contains("damaged bytes"));
    }

    [Fact]
    public void Append_PastTheCap_DropsTheOldestSegmentsCountsEveryUnsentPointAndLogsIt()
    {
        using var directory = new TempDirectory();
        var metrics = TestMeters.Telemetry();
        var logger = new CapturingLogger();
        const long Cap = 256 << 10;
        using var spool = Open(directory.Path, logger, metrics, maxBytes: Cap, segmentBytes: 32 << 10);

        // Some points are sent before the outage: they are not counted as dropped when their segment goes.
        AppendPoints(spool, 0, 30);
        AppendPoints(spool, 30, 20);
        spool.Confirm(spool.ReadBatch(30)!);
        for (var i = 1; i < 400; i++)
        {
            AppendPoints(spool, i * 50, 50);
            Assert.True(spool.TotalBytes <= Cap + (32 << 10), "the spool stays within its cap (plus the segment being written)");
        }

        var dropped = metrics.Dropped(DropReason.SpoolCap);
        Assert.True(dropped > 0);
        Assert.Equal(400 * 50, metrics.Spooled);
        Assert.Equal(metrics.Spooled - 30 - dropped, spool.PendingPoints);
        Assert.True(logger.Contains("dropped the oldest segment"));

        // What is left is the newest points, in order, with nothing missing after the first one kept.
        var left = Drain(spool);
        Assert.Equal(Enumerable.Range((int)left[0], left.Count).Select(i => (long)i), left);
        Assert.Equal(20_000 - 1, left[^1]);
        Assert.Equal(30 + dropped, left[0]);
    }

    [Fact]
    public void Append_WhileABatchFromTheOldestSegmentIsInFlight_CountsItOnlyIfItIsAbandoned()
    {
        using var directory = new TempDirectory();
        var metrics = TestMeters.Telemetry();
        using var spool = Open(directory.Path, new CapturingLogger(), metrics, maxBytes: 256 << 10, segmentBytes: 32 << 10);
        AppendPoints(spool, 0, 50);
        var inFlight = spool.ReadBatch(50)!;
        for (var i = 1; i < 200; i++)
        {
            AppendPoints(spool, i * 50, 50);
        }

        Assert.True(spool.IsDropped(inFlight));
        var droppedBefore = metrics.Dropped(DropReason.SpoolCap);
        spool.Abandon(inFlight);
        Assert.Equal(droppedBefore + 50, metrics.Dropped(DropReason.SpoolCap));
        Assert.Equal(metrics.Spooled - metrics.Dropped(DropReason.SpoolCap), spool.PendingPoints);
    }
}
