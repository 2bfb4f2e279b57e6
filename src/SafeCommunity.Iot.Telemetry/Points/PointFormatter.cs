using InfluxDB.Client.Writes;
using SafeCommunity.Iot.Alarms;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Points;

/// <summary>
/// Turns stored uplinks and alarm events into line protocol (docs/telemetry-schema.md), written straight into the
/// spool record; the gateway's health points come as the client's point type.
/// Every timestamp comes from the data (when the frame was heard, when the fix was taken, when the alarm event
/// happened), never from the moment of writing, so a batch sent again after a crash overwrites itself instead of
/// adding points. Used by the spool writer only (one thread).
/// </summary>
public sealed class PointFormatter
{
    private readonly PointSettings _settings;
    private readonly LineBuilder _line;
    private readonly DeviceRegistry? _registry;

    /// <summary>Creates a formatter whose points carry the tag <c>gateway=<paramref name="gatewayId"/></c>.</summary>
    public PointFormatter(string gatewayId, DeviceRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayId);
        _settings = new PointSettings().AddDefaultTag(Measurements.GatewayTag, gatewayId);
        _line = new LineBuilder((Measurements.GatewayTag, gatewayId));
        _registry = registry;
    }

    /// <summary>Adds the lines of <paramref name="item"/> to <paramref name="record"/>.</summary>
    public void Add(in TelemetryItem item, RecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (item.Uplink is { } uplink)
        {
            AddUplink(uplink, record);
        }
        else if (item.Alarm is { } alarm)
        {
            AddAlarm(alarm, record);
        }
        else if (item.Points is { } points)
        {
            foreach (var point in points)
            {
                record.AddLine(point.ToLineProtocol(_settings));
            }
        }
    }

    /// <summary>
    /// A new frame: <c>uplink</c>, <c>device_status</c>, a <c>reception</c> per receiver and, when located,
    /// <c>position</c>. A merged duplicate: the newest <c>reception</c> and the refined <c>position</c> (which
    /// overwrites the first estimate: same device, same time).
    /// </summary>
    public void AddUplink(AcceptedUplink uplink, RecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        ArgumentNullException.ThrowIfNull(record);
        var device = uplink.Device;
        var frame = uplink.Frame;
        var kind = KindName(device.Kind);

        if (!uplink.IsDuplicate)
        {
            var at = Nanoseconds(uplink.ReceivedAt);
            var best = Best(uplink.Receptions);
            var line = _line.Start(Measurements.Uplink)
                .Tag("device", device.Id).Tag("community", device.CommunityId).Tag("kind", kind)
                .Field("counter", (long)frame.Counter)
                .Field("type", FrameTypeName(frame.Type))
                .Field("transport", TransportName(best.Transport));
            if (best.RssiDbm is { } rssi)
            {
                line.Field("rssi", rssi);
            }

            if (best.SnrDb is { } snr)
            {
                line.Field("snr", snr);
            }

            line.AddTo(record, at);

            var status = _line.Start(Measurements.DeviceStatus)
                .Tag("device", device.Id).Tag("community", device.CommunityId).Tag("kind", kind)
                .Field("flags", (long)frame.Flags);
            if (frame.BatteryPercent is { } battery)
            {
                status.Field("battery", (long)battery);
            }

            status.AddTo(record, at);
            foreach (var reception in uplink.Receptions)
            {
                AddReception(reception, device.Id, frame.Counter, record);
            }
        }
        else if (uplink.Receptions.Count > 0)
        {
            AddReception(uplink.Receptions[^1], device.Id, frame.Counter, record);
        }

        // A repeated old GNSS fix would overwrite the fix it repeats with the same values: left out.
        if (uplink.Location is { Source: not LocationSource.GnssStale } location)
        {
            _line.Start(Measurements.Position)
                .Tag("device", device.Id).Tag("community", device.CommunityId).Tag("kind", kind)
                .Field("lat", location.Point.Latitude)
                .Field("lon", location.Point.Longitude)
                .Field("accuracy_m", location.AccuracyMetres)
                .Field("source", location.Source == LocationSource.Gnss ? "gnss" : "receivers")
                .Field("receiver", uplink.Receptions[0].ReceiverId)
                .AddTo(record, Nanoseconds(location.At));
        }
    }

    /// <summary>One <c>alarm</c> point per alarm event.</summary>
    public void AddAlarm(AlarmEvent alarmEvent, RecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        ArgumentNullException.ThrowIfNull(record);
        var alarm = alarmEvent.Alarm;
        var line = _line.Start(Measurements.Alarm)
            .Tag("community", alarm.HomeCommunityId)
            .Tag("kind", alarm.Kind.Name())
            .Tag("severity", SeverityName(alarm.Severity))
            .Tag("event", EventName(alarmEvent.Type))
            .Field("alarm_id", alarm.Id)
            .Field("sequence", alarmEvent.Sequence)
            .Field("count", (long)alarm.Count)
            .Field("state", StateName(alarm.State));
        if (alarm.DeviceId is { } deviceId)
        {
            line.Field("device", (long)deviceId);
        }

        if (alarm.ReceiverId is { } receiverId)
        {
            line.Field("receiver", receiverId);
        }

        if (alarm.SeenCommunityId is { } seen)
        {
            line.Field("seen_community", seen);
        }

        if (alarm.Location is { } location)
        {
            line.Field("lat", location.Point.Latitude).Field("lon", location.Point.Longitude).Field("accuracy_m", location.AccuracyMetres);
        }

        if (alarmEvent.Actor is { } actor)
        {
            line.Field("actor", actor);
        }

        // Several events can happen at the same instant (a tick raising alarms for several receivers): the sequence
        // number in the sub-microsecond digits keeps them apart.
        line.AddTo(record, Discriminated(alarmEvent.At, alarmEvent.Sequence));
    }

    /// <summary>Nanoseconds since the Unix epoch (the gateway's clock has 100 ns ticks).</summary>
    public static long Nanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>
    /// <paramref name="at"/> to the microsecond, with <paramref name="discriminator"/> mod 1000 as its nanoseconds:
    /// two points of one series at the same instant stay two points, and the same point written again is the same.
    /// </summary>
    public static long Discriminated(DateTimeOffset at, long discriminator)
    {
        var nanoseconds = Nanoseconds(at);
        return nanoseconds - (nanoseconds % 1000) + Math.Abs(discriminator % 1000);
    }

    internal static string KindName(DeviceKind kind) => kind switch
    {
        DeviceKind.EbikeChip => "ebike-chip",
        DeviceKind.ElderWristband => "elder-wristband",
        DeviceKind.ChildWristband => "child-wristband",
        _ => "unknown",
    };

    internal static string TransportName(UplinkTransport transport) => transport switch
    {
        UplinkTransport.Serial => "serial",
        UplinkTransport.LoRaP2P => "lora-p2p",
        UplinkTransport.LoRaWan => "lorawan",
        _ => "unknown",
    };

    private void AddReception(Reception reception, uint deviceId, uint counter, RecordBuilder record)
    {
        var line = _line.Start(Measurements.Reception)
            .Tag("receiver", reception.ReceiverId)
            .Tag("transport", TransportName(reception.Transport))
            .Field("device", (long)deviceId)
            .Field("counter", (long)counter);
        if (_registry is not null && _registry.TryGetReceiver(reception.ReceiverId, out var receiver))
        {
            line.Tag("community", receiver.CommunityId);
        }

        if (reception.RssiDbm is { } rssi)
        {
            line.Field("rssi", rssi);
        }

        if (reception.SnrDb is { } snr)
        {
            line.Field("snr", snr);
        }

        // A receiver hears many devices: the device id in the sub-microsecond digits keeps two of them heard in the
        // same instant apart without making the device a tag (receivers × devices would be too many series).
        line.AddTo(record, Discriminated(reception.ReceivedAt, deviceId));
    }

    private static Reception Best(IReadOnlyList<Reception> receptions)
    {
        var best = receptions[0];
        foreach (var reception in receptions)
        {
            if ((reception.RssiDbm ?? double.MinValue) > (best.RssiDbm ?? double.MinValue))
            {
                best = reception;
            }
        }

        return best;
    }

    private static string FrameTypeName(FrameType type) => type switch
    {
        FrameType.Beacon => "beacon",
        FrameType.PositionReport => "position-report",
        FrameType.AlarmEvent => "alarm-event",
        FrameType.CommandAck => "command-ack",
        _ => "other",
    };

    private static string SeverityName(AlarmSeverity severity) => severity switch
    {
        AlarmSeverity.Low => "low",
        AlarmSeverity.Medium => "medium",
        AlarmSeverity.High => "high",
        _ => "critical",
    };

    private static string EventName(AlarmEventType type) => type switch
    {
        AlarmEventType.Raised => "raised",
        AlarmEventType.Updated => "updated",
        AlarmEventType.Acknowledged => "acknowledged",
        AlarmEventType.Resolved => "resolved",
        _ => "escalated",
    };

    private static string StateName(AlarmState state) => state switch
    {
        AlarmState.Open => "open",
        AlarmState.Acknowledged => "acknowledged",
        _ => "resolved",
    };
}
