using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// Hands every stored uplink to the telemetry queue. Runs on the pipeline's commit thread: it only queues a
/// reference (no formatting, no I/O) and never waits; a full queue drops the uplink's telemetry and counts it.
/// </summary>
public sealed class TelemetryUplinkObserver : IUplinkObserver
{
    private readonly TelemetryQueue _queue;

    /// <summary>Creates the observer.</summary>
    public TelemetryUplinkObserver(TelemetryQueue queue) => _queue = queue;

    /// <inheritdoc />
    public void OnStored(AcceptedUplink uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        _queue.TryEnqueue(TelemetryItem.For(uplink));
    }
}
