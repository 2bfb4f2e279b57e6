using InfluxDB.Client.Writes;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Telemetry.Points;

/// <summary>
/// One thing waiting in the queue in front of the spool: a stored uplink (turned into points by the spool writer,
/// so the pipeline's commit thread only hands over a reference), an alarm event, or ready-made points.
/// </summary>
public readonly struct TelemetryItem
{
    private TelemetryItem(AcceptedUplink? uplink, AlarmEvent? alarm, IReadOnlyList<PointData>? points)
    {
        Uplink = uplink;
        Alarm = alarm;
        Points = points;
    }

    /// <summary>A stored uplink, or null.</summary>
    public AcceptedUplink? Uplink { get; }

    /// <summary>A stored alarm event, or null.</summary>
    public AlarmEvent? Alarm { get; }

    /// <summary>Ready-made points (health samples, tools), or null.</summary>
    public IReadOnlyList<PointData>? Points { get; }

    /// <summary>An item for a stored uplink.</summary>
    public static TelemetryItem For(AcceptedUplink uplink) => new(uplink, null, null);

    /// <summary>An item for a stored alarm event.</summary>
    public static TelemetryItem For(AlarmEvent alarm) => new(null, alarm, null);

    /// <summary>An item for ready-made points.</summary>
    public static TelemetryItem For(IReadOnlyList<PointData> points) => new(null, null, points);

    /// <inheritdoc />
    public override string ToString() =>
        Uplink is { } uplink ? $"uplink of {uplink.Device} counter {uplink.Frame.Counter}"
        : Alarm is { } alarm ? $"alarm event #{alarm.Sequence}"
        : $"{Points?.Count ?? 0} points";
}
