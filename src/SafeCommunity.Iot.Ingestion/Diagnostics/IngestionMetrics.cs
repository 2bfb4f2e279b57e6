using System.Diagnostics.Metrics;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Diagnostics;

/// <summary>OpenTelemetry instruments of the pipeline (meter <c>SafeCommunity.Iot.Ingestion</c>).</summary>
public sealed class IngestionMetrics
{
    /// <summary>The meter's name, for the OpenTelemetry registration.</summary>
    public const string MeterName = "SafeCommunity.Iot.Ingestion";

    private readonly Counter<long> _framesIn;
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _latency;
    private readonly Histogram<int> _commitBatch;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<double> _alarmLatency;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public IngestionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _framesIn = Meter.CreateCounter<long>("safecomm.uplinks.received", "{uplink}", "Raw uplinks handed to the pipeline by receivers.");
        _outcomes = Meter.CreateCounter<long>(
            "safecomm.uplinks.processed", "{uplink}",
            "Uplinks by outcome: accepted, duplicate, malformed, unknown_device, bad_mic, replay, not_processed.");
        _latency = Meter.CreateHistogram<double>("safecomm.uplinks.latency", "ms", "From reception at the gateway to stored state.");
        _commitBatch = Meter.CreateHistogram<int>("safecomm.store.commit_batch", "{uplink}", "Uplinks stored per transaction.");
        _commitDuration = Meter.CreateHistogram<double>(
            "safecomm.store.commit_duration", "ms", "Time the committer spent writing one transaction (states, trail, alarm events) and syncing it.");

        // Fine buckets where the promise is (an alarm out within 50 ms), coarse above.
        _alarmLatency = Meter.CreateHistogram(
            "safecomm.alarms.latency", "ms", "From hearing the frame that raised or updated an alarm to its event stored and published to watchers.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 50, 75, 100, 200, 500, 1000, 2000, 5000, 10000] });
    }

    /// <summary>The pipeline's meter, for queue-depth gauges.</summary>
    public Meter Meter { get; }

    internal void FrameReceived(UplinkTransport transport) =>
        _framesIn.Add(1, new KeyValuePair<string, object?>("transport", TransportName(transport)));

    internal void Processed(UplinkOutcome outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));

    internal void Latency(TimeSpan latency) => _latency.Record(latency.TotalMilliseconds);

    internal void AlarmLatency(TimeSpan latency) => _alarmLatency.Record(latency.TotalMilliseconds);

    internal void CommitBatch(int size, TimeSpan duration)
    {
        _commitBatch.Record(size);
        _commitDuration.Record(duration.TotalMilliseconds);
    }

    internal static string OutcomeName(UplinkOutcome outcome) => outcome switch
    {
        UplinkOutcome.Accepted => "accepted",
        UplinkOutcome.Duplicate => "duplicate",
        UplinkOutcome.Malformed => "malformed",
        UplinkOutcome.UnknownDevice => "unknown_device",
        UplinkOutcome.BadMic => "bad_mic",
        UplinkOutcome.Replay => "replay",
        _ => "not_processed",
    };

    private static string TransportName(UplinkTransport transport) => transport switch
    {
        UplinkTransport.Serial => "serial",
        UplinkTransport.LoRaP2P => "lora_p2p",
        _ => "lorawan",
    };
}
