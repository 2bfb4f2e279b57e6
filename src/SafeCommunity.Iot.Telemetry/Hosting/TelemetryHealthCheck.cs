using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Telemetry.Diagnostics;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// Telemetry's health: Degraded while writes to InfluxDB fail, or when the spool is more than 80 % of its disk cap
/// (old points will soon be dropped); never Unhealthy, since alarms and "where is she now" do not depend on it.
/// </summary>
public sealed class TelemetryHealthCheck : IHealthCheck
{
    private readonly SpoolHost _spool;
    private readonly TelemetryQueue _queue;
    private readonly TelemetrySenderService _sender;
    private readonly TelemetryMetrics _metrics;
    private readonly TelemetryOptions _options;

    /// <summary>Creates the check.</summary>
    public TelemetryHealthCheck(
        SpoolHost spool, TelemetryQueue queue, TelemetrySenderService sender, TelemetryMetrics metrics, IOptions<TelemetryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _spool = spool;
        _queue = queue;
        _sender = sender;
        _metrics = metrics;
        _options = options.Value;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var spool = _spool.Spool;
        var failures = _sender.ConsecutiveFailures;
        var data = new Dictionary<string, object>
        {
            ["server"] = _options.HasServer ? _options.Url! : "none (files only)",
            ["queued"] = _queue.Count,
            ["spooled"] = _metrics.Spooled,
            ["sent"] = _metrics.Sent,
            ["pending"] = spool?.PendingPoints ?? 0,
            ["spoolBytes"] = spool?.TotalBytes ?? 0,
            ["droppedAtCap"] = _metrics.Dropped(DropReason.SpoolCap),
            ["droppedWriteErrors"] = _metrics.Dropped(DropReason.WriteError),
            ["droppedQueueFull"] = _metrics.QueueDropped,
            ["deadLettered"] = _metrics.DeadLettered,
            ["failedWrites"] = failures,
        };

        HealthCheckResult result;
        if (spool is null)
        {
            result = HealthCheckResult.Degraded("The telemetry spool is being opened.", data: data);
        }
        else if (failures > 0)
        {
            result = HealthCheckResult.Degraded($"Writes to InfluxDB fail ({failures} in a row); {spool.PendingPoints} points wait in the spool.", data: data);
        }
        else if (spool.TotalBytes > _options.MaxSpoolBytes / 10 * 8)
        {
            result = HealthCheckResult.Degraded($"The telemetry spool is over 80 % of its cap ({spool.TotalBytes} of {_options.MaxSpoolBytes} bytes).", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy($"{spool.PendingPoints} points wait in the spool.", data: data);
        }

        return Task.FromResult(result);
    }
}
