using System.Globalization;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>What one scrape of the gateway's <c>/metrics</c> says (names in src/SafeCommunity.Iot.Ingestion/Diagnostics and docs/configuration.md).</summary>
/// <param name="Outcomes">Uplinks processed by outcome (accepted, duplicate, replay, bad_mic, not_processed, ...).</param>
/// <param name="Received">Raw uplinks handed to the pipeline, by transport.</param>
/// <param name="IngressQueue">Uplinks waiting to be decoded.</param>
/// <param name="ShardQueues">Uplinks waiting in shards.</param>
/// <param name="CommitQueue">Verified uplinks waiting to be stored.</param>
/// <param name="TelemetryQueue">Telemetry items waiting to be spooled.</param>
/// <param name="TelemetrySpooled">Telemetry points appended to the spool.</param>
/// <param name="TelemetryDropped">Telemetry points given up (spool cap, write errors, queue full).</param>
/// <param name="GcHeapBytes">The managed heap after the last collection, all generations.</param>
/// <param name="BrokerHeld">Publishes the embedded broker held back because the gateway's backlog was full.</param>
/// <param name="BrokerHeldSeconds">The time those publishes waited, in total.</param>
/// <param name="BrokerDropped">Messages the embedded broker dropped from a full session queue.</param>
/// <param name="AlarmLatencyBuckets">The gateway's own alarm latency histogram (heard → stored and published), cumulative count by upper bound in ms.</param>
/// <param name="GcPauseSeconds">Time the runtime paused the gateway for garbage collection, in total.</param>
/// <param name="Gen2Collections">Full (generation 2) collections so far.</param>
internal sealed record GatewayCounters(
    IReadOnlyDictionary<string, double> Outcomes,
    IReadOnlyDictionary<string, double> Received,
    double IngressQueue,
    double ShardQueues,
    double CommitQueue,
    double TelemetryQueue,
    double TelemetrySpooled,
    double TelemetryDropped,
    double GcHeapBytes,
    double BrokerHeld,
    double BrokerHeldSeconds,
    double BrokerDropped,
    IReadOnlyDictionary<double, double> AlarmLatencyBuckets,
    double GcPauseSeconds,
    double Gen2Collections)
{
    /// <summary>Uplinks accepted so far.</summary>
    public double Accepted => Outcomes.GetValueOrDefault("accepted");

    /// <summary>Uplinks processed with any outcome but accepted.</summary>
    public double Rejected => Outcomes.Where(o => o.Key != "accepted").Sum(o => o.Value);

    /// <summary>Everything queued in the pipeline.</summary>
    public double PipelineQueued => IngressQueue + ShardQueues + CommitQueue;

    /// <summary>Reads a scrape.</summary>
    public static GatewayCounters From(PrometheusText metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new GatewayCounters(
            metrics.ByLabel("safecomm_uplinks_processed_total", "outcome"),
            metrics.ByLabel("safecomm_uplinks_received_total", "transport"),
            metrics.Sum("safecomm_queue_ingress"),
            metrics.Sum("safecomm_queue_shards"),
            metrics.Sum("safecomm_queue_commit"),
            metrics.Sum("safecomm_telemetry_queue"),
            metrics.Sum("safecomm_telemetry_spooled_total"),
            metrics.Sum("safecomm_telemetry_dropped_total") + metrics.Sum("safecomm_telemetry_queue_dropped_total"),
            metrics.Sum("dotnet_gc_last_collection_heap_size_bytes"),
            metrics.Sum("safecomm_lorawan_broker_held_total"),
            metrics.Sum("safecomm_lorawan_broker_held_time_seconds_total"),
            metrics.Sum("safecomm_lorawan_broker_dropped_total"),
            metrics.ByLabel("safecomm_alarms_latency_milliseconds_bucket", "le")
                .ToDictionary(b => b.Key == "+Inf" ? double.PositiveInfinity : double.Parse(b.Key, CultureInfo.InvariantCulture), b => b.Value),
            metrics.Sum("dotnet_gc_pause_time_seconds_total"),
            metrics.Sum("dotnet_gc_collections_total", "gc_heap_generation", "gen2"));
    }
}
