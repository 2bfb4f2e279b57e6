using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// Samples every <see cref="TelemetryOptions.HealthInterval"/>: one <c>receiver_health</c> point per receiver (its link
/// from the <see cref="ReceiverStatusBoard"/>, its counters from <see cref="ReceiverStatistics"/>) and one
/// <c>gateway_health</c> point (pipeline queue, registry, alarms, telemetry's own queue, spool and counters).
/// </summary>
public sealed class HealthTelemetryService : BackgroundService
{
    private readonly TelemetryQueue _queue;
    private readonly SpoolHost _spool;
    private readonly TelemetryMetrics _metrics;
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ReceiverStatusBoard _board;
    private readonly ReceiverStatistics _statistics;
    private readonly DeviceRegistry _registry;
    private readonly IUplinkPipelineStatus _pipeline;
    private readonly AlarmHub _hub;
    private readonly DateTimeOffset _startedAt;

    /// <summary>Creates the service over the receivers' links and counters, the registry, the pipeline and the alarm hub.</summary>
    public HealthTelemetryService(
        TelemetryQueue queue,
        SpoolHost spool,
        TelemetryMetrics metrics,
        IOptions<TelemetryOptions> options,
        TimeProvider clock,
        ReceiverStatusBoard board,
        ReceiverStatistics statistics,
        DeviceRegistry registry,
        IUplinkPipelineStatus pipeline,
        AlarmHub hub,
        ILogger<HealthTelemetryService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _queue = queue;
        _spool = spool;
        _metrics = metrics;
        _options = options.Value;
        _clock = clock;
        _board = board;
        _statistics = statistics;
        _registry = registry;
        _pipeline = pipeline;
        _hub = hub;
        _logger = logger;
        _startedAt = clock.GetUtcNow();
    }

    /// <summary>The points of one sample taken at <paramref name="at"/>.</summary>
    public IReadOnlyList<PointData> Sample(DateTimeOffset at)
    {
        var timestamp = PointFormatter.Nanoseconds(at);
        var points = new List<PointData>();
        var statistics = _statistics.Snapshot();
        var health = _board.All.ToDictionary(h => h.ReceiverId, StringComparer.Ordinal);
        var receivers = health.Keys.Union(statistics.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var receiverId in receivers)
        {
            var point = PointData.Builder.Measurement(Measurements.ReceiverHealth).Tag("receiver", receiverId);
            if (_registry.TryGetReceiver(receiverId, out var receiver))
            {
                point.Tag("community", receiver.CommunityId).Tag("kind", receiver.Kind.Name());
            }

            if (health.TryGetValue(receiverId, out var link))
            {
                AddLink(point, link, at);
            }

            if (statistics.TryGetValue(receiverId, out var counters))
            {
                point.Field("frames", counters.Frames).Field("accepted", counters.Accepted)
                    .Field("duplicates", counters.Duplicates).Field("rejected", counters.Errors);
                if (counters.LastHeard is { } heard)
                {
                    point.Field("silent_s", Math.Max(0, (at - heard).TotalSeconds));
                }
            }

            if (point.HasFields())
            {
                points.Add(point.Timestamp(timestamp, WritePrecision.Ns).ToPointData());
            }
        }

        points.Add(GatewayPoint(at, timestamp));
        return points;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HealthInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    _queue.TryEnqueue(TelemetryItem.For(Sample(_clock.GetUtcNow())));
                }
                catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
                {
                    TelemetryLog.HealthSampleFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static void AddLink(PointData.Builder point, ReceiverHealth link, DateTimeOffset at)
    {
        point.Field("link", link.Link.ToString().ToLowerInvariant())
            .Field("connected", link.Link == ReceiverLink.Connected)
            .Field("reconnects", link.Reconnects)
            .Field("link_errors", link.LinkErrors);
        if (link.RadioFramesReceived is { } radioFrames)
        {
            point.Field("radio_frames", radioFrames);
        }

        if (link.RadioCrcErrors is { } crcErrors)
        {
            point.Field("radio_crc_errors", crcErrors);
        }

        if (link.RecordsDropped is { } dropped)
        {
            point.Field("records_dropped", dropped);
        }

        if (link.Uptime is { } uptime)
        {
            point.Field("uptime_s", (long)uptime.TotalSeconds);
        }

        if (link.FirmwareVersion is { } firmware)
        {
            point.Field("firmware", firmware);
        }

        if (link.LastStatusAt is { } status)
        {
            point.Field("status_age_s", Math.Max(0, (at - status).TotalSeconds));
        }

        if (link.Position is { } position)
        {
            // A patrol vehicle's receiver: where the patrol is (not a resident's position).
            point.Field("lat", position.Latitude).Field("lon", position.Longitude);
        }
    }

    private PointData GatewayPoint(DateTimeOffset at, long timestamp)
    {
        var spool = _spool.Spool;
        var point = PointData.Builder.Measurement(Measurements.GatewayHealth)
            .Field("uptime_s", (long)(at - _startedAt).TotalSeconds)
            .Field("telemetry_queue", (long)_queue.Count)
            .Field("telemetry_spooled", _metrics.Spooled)
            .Field("telemetry_sent", _metrics.Sent)
            .Field("telemetry_dropped", _metrics.DroppedTotal + _metrics.QueueDropped)
            .Field("telemetry_dead_lettered", _metrics.DeadLettered);
        if (spool is not null)
        {
            point.Field("spool_bytes", spool.TotalBytes).Field("spool_pending", spool.PendingPoints).Field("spool_segments", (long)spool.SegmentCount);
        }

        point.Field("pipeline_pending", (long)_pipeline.Pending).Field("pipeline_running", _pipeline.IsRunning)
            .Field("devices", (long)_registry.DeviceCount)
            .Field("alarm_sequence", _hub.LastPublished).Field("alarm_subscribers", (long)_hub.SubscriberCount);

        return point.Timestamp(timestamp, WritePrecision.Ns).ToPointData();
    }
}
