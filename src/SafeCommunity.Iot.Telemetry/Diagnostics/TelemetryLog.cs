using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Telemetry.Diagnostics;

/// <summary>
/// Telemetry's log messages. Tokens and passwords are never logged; rejected lines (which may hold a person's
/// position) only at Debug.
/// </summary>
internal static partial class TelemetryLog
{
    // Spool (1-19)
    [LoggerMessage(1, LogLevel.Information, "Telemetry spool at {Directory}: {Segments} segments, {Bytes} bytes, {Pending} points not yet sent; disk cap {MaxBytes} bytes")]
    public static partial void SpoolOpened(ILogger logger, string directory, int segments, long bytes, long pending, long maxBytes);

    [LoggerMessage(2, LogLevel.Warning, "Telemetry spool segment {Path} ended in {Bytes} bytes of a torn record (written when the power went, or damaged): cut it off at byte {Length}; the whole records before it are kept")]
    public static partial void TornTailCut(ILogger logger, string path, long bytes, long length);

    [LoggerMessage(3, LogLevel.Warning, "Telemetry spool at its disk cap of {MaxBytes} bytes: dropped the oldest segment {Path} ({Bytes} bytes) with {Points} points not yet sent")]
    public static partial void SegmentDropped(ILogger logger, string path, long points, long bytes, long maxBytes);

    [LoggerMessage(4, LogLevel.Warning, "Telemetry spool segment {Path} has {Bytes} damaged bytes at byte {Offset} (bad header or checksum): skipped them to the next record")]
    public static partial void DamagedRegionSkipped(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(5, LogLevel.Error, "Could not delete telemetry spool segment {Path}")]
    public static partial void SegmentDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(6, LogLevel.Warning, "Telemetry spool segment {Path} vanished (removed by hand?) with {Points} points not yet sent; going on with the next")]
    public static partial void SegmentMissing(ILogger logger, string path, long points);

    [LoggerMessage(7, LogLevel.Error, "Appending {Points} telemetry points to the spool failed (disk full?); they are dropped and counted; {Suppressed} more failures since the last report")]
    public static partial void AppendFailed(ILogger logger, Exception exception, int points, long suppressed);

    [LoggerMessage(8, LogLevel.Warning, "Telemetry queue full (the spool writer fell behind): dropped {Dropped} items since the last report; alarms are not held up")]
    public static partial void QueueFull(ILogger logger, long dropped);

    [LoggerMessage(9, LogLevel.Information, "Telemetry: no InfluxDB configured (Telemetry:Url); points are kept as line-protocol files in {Directory} for `influx write`, within {MaxBytes} bytes")]
    public static partial void FilesOnly(ILogger logger, string directory, long maxBytes);

    [LoggerMessage(10, LogLevel.Error, "Forcing the telemetry spool to disk failed")]
    public static partial void FlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "Could not turn an item into telemetry points: {Item}")]
    public static partial void FormatFailed(ILogger logger, Exception exception, string item);

    // Sender (20-39)
    [LoggerMessage(20, LogLevel.Information, "Telemetry goes to {Url} ({Api}); {Pending} points waiting in the spool")]
    public static partial void SenderStarted(ILogger logger, string url, string api, long pending);

    [LoggerMessage(21, LogLevel.Warning, "Writing {Points} telemetry points to {Url} failed ({Reason}); retrying in {Delay}; the spool keeps them")]
    public static partial void WriteFailed(ILogger logger, int points, string url, string reason, TimeSpan delay);

    [LoggerMessage(22, LogLevel.Error, "InfluxDB at {Url} refuses the gateway's writes ({Reason}): check Telemetry:Token/Username/Password, the bucket or database; retrying in {Delay}; the spool keeps the points")]
    public static partial void WriteRefused(ILogger logger, string url, string reason, TimeSpan delay);

    [LoggerMessage(23, LogLevel.Information, "Telemetry writes to {Url} work again after {Failures} failed attempts; {Pending} points waiting")]
    public static partial void WriteRecovered(ILogger logger, string url, int failures, long pending);

    [LoggerMessage(24, LogLevel.Warning, "InfluxDB rejected a {Measurement} point (HTTP {Status}); it is set aside in {Path} with the reason")]
    public static partial void PointRejected(ILogger logger, string measurement, int status, string path);

    [LoggerMessage(25, LogLevel.Debug, "Rejected point: {Line} — {Reason}")]
    public static partial void RejectedLine(ILogger logger, string line, string reason);

    [LoggerMessage(26, LogLevel.Error, "The dead-letter file {Path} is at its limit of {MaxBytes} bytes: a rejected {Measurement} point is counted but not kept")]
    public static partial void DeadLetterFull(ILogger logger, string path, long maxBytes, string measurement);

    [LoggerMessage(27, LogLevel.Information, "Telemetry sender stopped; {Pending} points wait in the spool for the next start")]
    public static partial void SenderStopped(ILogger logger, long pending);

    // Sources (40-59)
    [LoggerMessage(40, LogLevel.Warning, "The alarm feed for telemetry fell behind; reading again from the store after sequence {Sequence}")]
    public static partial void AlarmFeedResumed(ILogger logger, long sequence);

    [LoggerMessage(41, LogLevel.Error, "Sampling receiver and gateway health for telemetry failed")]
    public static partial void HealthSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(42, LogLevel.Error, "Reading alarm events for telemetry failed; retrying in {Delay}")]
    public static partial void AlarmFeedFailed(ILogger logger, Exception exception, TimeSpan delay);
}
