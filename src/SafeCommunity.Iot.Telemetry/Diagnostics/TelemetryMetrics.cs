using System.Diagnostics.Metrics;

namespace SafeCommunity.Iot.Telemetry.Diagnostics;

/// <summary>Why points were given up.</summary>
public enum DropReason
{
    /// <summary>The spool reached its disk cap and dropped its oldest segment.</summary>
    SpoolCap = 0,

    /// <summary>Appending to the spool failed (disk full, I/O error).</summary>
    WriteError = 1,
}

/// <summary>
/// OpenTelemetry instruments of the telemetry spool and sender (meter <c>SafeCommunity.Iot.Telemetry</c>), with the
/// same counts kept in process for the health check and tests.
/// </summary>
public sealed class TelemetryMetrics
{
    /// <summary>The meter's name, for the OpenTelemetry registration.</summary>
    public const string MeterName = "SafeCommunity.Iot.Telemetry";

    private static readonly string[] DropReasonNames = ["spool_cap", "write_error"];

    private readonly Counter<long> _spooled;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _sendFailures;
    private readonly Counter<long> _resyncs;
    private readonly Counter<long> _queueDropped;
    private readonly Histogram<int> _batch;
    private readonly Histogram<double> _sendLatency;
    private readonly long[] _droppedCounts = new long[DropReasonNames.Length];
    private long _spooledCount;
    private long _sentCount;
    private long _deadLetteredCount;
    private long _sendFailureCount;
    private long _resyncCount;
    private long _queueDroppedCount;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public TelemetryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _spooled = Meter.CreateCounter<long>("safecomm.telemetry.spooled", "{point}", "Points appended to the spool (accepted).");
        _sent = Meter.CreateCounter<long>("safecomm.telemetry.sent", "{point}", "Points the InfluxDB server confirmed.");
        _dropped = Meter.CreateCounter<long>(
            "safecomm.telemetry.dropped", "{point}", "Spooled or formatted points given up, by reason: spool_cap (the oldest dropped at the disk cap), write_error (appending failed).");
        _deadLettered = Meter.CreateCounter<long>("safecomm.telemetry.dead_lettered", "{point}", "Points the server rejected (HTTP 400), set aside in the dead-letter file.");
        _sendFailures = Meter.CreateCounter<long>("safecomm.telemetry.send_failures", "{request}", "Write requests that failed and will be retried.");
        _resyncs = Meter.CreateCounter<long>(
            "safecomm.telemetry.spool.resyncs", "{region}", "Damaged regions of spool segments skipped (bad header or checksum), each logged with its size.");
        _queueDropped = Meter.CreateCounter<long>(
            "safecomm.telemetry.queue_dropped", "{item}", "Uplinks, alarm events or health samples not queued for the spool (queue full: the spool writer fell behind; or stopping).");
        _batch = Meter.CreateHistogram<int>("safecomm.telemetry.batch", "{point}", "Points per write request.");
        _sendLatency = Meter.CreateHistogram<double>("safecomm.telemetry.send_latency", "ms", "Duration of successful write requests.");
    }

    /// <summary>The telemetry meter, for the spool's gauges.</summary>
    public Meter Meter { get; }

    /// <summary>Points appended since start.</summary>
    public long Spooled => Interlocked.Read(ref _spooledCount);

    /// <summary>Points confirmed by the server since start (a batch resent after a crash counts again).</summary>
    public long Sent => Interlocked.Read(ref _sentCount);

    /// <summary>Points set aside as rejected since start.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLetteredCount);

    /// <summary>Failed write requests since start.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailureCount);

    /// <summary>Items not queued for the spool since start.</summary>
    public long QueueDropped => Interlocked.Read(ref _queueDroppedCount);

    /// <summary>Damaged spool regions skipped since start.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncCount);

    /// <summary>Points dropped for <paramref name="reason"/> since start.</summary>
    public long Dropped(DropReason reason) => Interlocked.Read(ref _droppedCounts[(int)reason]);

    /// <summary>Points dropped for any reason since start.</summary>
    public long DroppedTotal
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _droppedCounts.Length; i++)
            {
                total += Interlocked.Read(ref _droppedCounts[i]);
            }

            return total;
        }
    }

    internal static string Name(DropReason reason) => DropReasonNames[(int)reason];

    internal void PointsSpooled(int points)
    {
        Interlocked.Add(ref _spooledCount, points);
        _spooled.Add(points);
    }

    internal void PointsSent(int points, TimeSpan latency)
    {
        Interlocked.Add(ref _sentCount, points);
        _sent.Add(points);
        _batch.Record(points);
        _sendLatency.Record(latency.TotalMilliseconds);
    }

    internal void PointsDropped(DropReason reason, long points)
    {
        if (points <= 0)
        {
            return;
        }

        Interlocked.Add(ref _droppedCounts[(int)reason], points);
        _dropped.Add(points, new KeyValuePair<string, object?>("reason", DropReasonNames[(int)reason]));
    }

    internal void PointsDeadLettered(int points)
    {
        Interlocked.Add(ref _deadLetteredCount, points);
        _deadLettered.Add(points);
    }

    internal void ItemDropped()
    {
        Interlocked.Increment(ref _queueDroppedCount);
        _queueDropped.Add(1);
    }

    internal void Resynced()
    {
        Interlocked.Increment(ref _resyncCount);
        _resyncs.Add(1);
    }

    internal void SendFailed()
    {
        Interlocked.Increment(ref _sendFailureCount);
        _sendFailures.Add(1);
    }
}
