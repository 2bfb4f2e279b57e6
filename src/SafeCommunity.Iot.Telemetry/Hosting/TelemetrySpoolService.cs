using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// The spool writer: opens the spool (cutting torn tails), then turns queued items into line protocol and appends
/// them, as many as are waiting in one record; forces the spool to disk every <see cref="TelemetryOptions.SyncInterval"/>.
/// A <see cref="HostPhase.Sink"/>: it starts before and stops after every other service, so what the pipeline stores
/// while it drains at shutdown still reaches the spool.
/// </summary>
public sealed class TelemetrySpoolService : PhasedBackgroundService
{
    /// <summary>The most points in one spool record.</summary>
    public const int MaxRecordPoints = 2000;

    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(200);

    private readonly TelemetryQueue _queue;
    private readonly SpoolHost _host;
    private readonly PointFormatter _formatter;
    private readonly TelemetryOptions _options;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private long _appendFailures;

    /// <summary>Creates the service.</summary>
    public TelemetrySpoolService(
        TelemetryQueue queue,
        SpoolHost host,
        PointFormatter formatter,
        IOptions<TelemetryOptions> options,
        TelemetryMetrics metrics,
        TimeProvider clock,
        ILogger<TelemetrySpoolService> logger)
        : base(HostPhase.Sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _host = host;
        _formatter = formatter;
        _options = options.Value;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        TelemetrySpool spool;
        try
        {
            spool = TelemetrySpool.Open(_host.Directory, _options.MaxSpoolBytes, _options.SegmentBytes, _metrics, _logger);
        }
        catch (Exception exception)
        {
            _host.Failed(exception);
            throw;
        }

        _metrics.Meter.CreateObservableGauge("safecomm.telemetry.spool.bytes", () => spool.TotalBytes, "By", "Bytes in the spool's segments.");
        _metrics.Meter.CreateObservableGauge("safecomm.telemetry.spool.pending", () => spool.PendingPoints, "{point}", "Points in the spool not yet confirmed by the server.");
        _metrics.Meter.CreateObservableGauge("safecomm.telemetry.spool.segments", () => spool.SegmentCount, "{segment}", "Segment files in the spool.");
        _host.Opened(spool);
        if (!_options.HasServer)
        {
            TelemetryLog.FilesOnly(_logger, spool.Directory, _options.MaxSpoolBytes);
        }

        // Stopping closes the queue; the loop below drains it and ends.
        using var stopping = stoppingToken.Register(_queue.Complete);
        using var stopSyncing = new CancellationTokenSource();
        var syncing = _options.SyncInterval > TimeSpan.Zero
            ? Task.Run(() => SyncAsync(spool, stopSyncing.Token), CancellationToken.None)
            : Task.CompletedTask;
        using var alarmCursor = new CheckpointFile(_host.AlarmCursorPath);
        try
        {
            await AppendAllAsync(spool, alarmCursor);
        }
        finally
        {
            await stopSyncing.CancelAsync();
            await syncing;
            Flush(spool);
            spool.Dispose();
        }
    }

    private async Task AppendAllAsync(TelemetrySpool spool, CheckpointFile alarmCursor)
    {
        var record = new RecordBuilder();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            long lastAlarm = 0;
            while (record.Points < MaxRecordPoints && reader.TryRead(out var item))
            {
                try
                {
                    _formatter.Add(item, record);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    TelemetryLog.FormatFailed(_logger, exception, item.ToString());
                }

                if (item.Alarm is { } alarm)
                {
                    lastAlarm = Math.Max(lastAlarm, alarm.Sequence);
                }
            }

            if (!TryAppend(spool, record))
            {
                await Task.Delay(FailurePause, _clock);
                continue;
            }

            if (lastAlarm > 0)
            {
                // After the append: a crash in between sends the events again (they overwrite themselves), never skips one.
                alarmCursor.Write(lastAlarm, 0);
            }

            if (_options.SyncInterval == TimeSpan.Zero)
            {
                Flush(spool);
            }
        }
    }

    private bool TryAppend(TelemetrySpool spool, RecordBuilder record)
    {
        try
        {
            spool.Append(record);
            _appendFailures = 0;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Disk full or failing: these points are lost, counted and logged; the next ones are tried again.
            _metrics.PointsDropped(DropReason.WriteError, record.Points);
            if (_appendFailures++ % 100 == 0)
            {
                TelemetryLog.AppendFailed(_logger, exception, record.Points, Math.Max(0, _appendFailures - 1));
            }

            record.Clear();
            return false;
        }
    }

    private async Task SyncAsync(TelemetrySpool spool, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.SyncInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Flush(spool);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the final flush follows.
        }
    }

    private void Flush(TelemetrySpool spool)
    {
        try
        {
            spool.Flush();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TelemetryLog.FlushFailed(_logger, exception);
        }
    }
}
