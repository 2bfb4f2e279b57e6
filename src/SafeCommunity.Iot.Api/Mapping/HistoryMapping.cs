using System.Globalization;
using Google.Protobuf;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Reports;
using SafeCommunity.Iot.History.Trails;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Mapping;

/// <summary>Trail points, sightings and community reports between the history and the contracts.</summary>
internal static class HistoryMapping
{
    public static V1.TrailPoint ToProto(this HistoryPoint point) => new()
    {
        Location = point.Location.ToProto(),
        ReceiverId = point.ReceiverId ?? string.Empty,
        Origin = point.Origin == TrailOrigin.InfluxDb ? V1.TrailOrigin.Influxdb : V1.TrailOrigin.EmbeddedStore,
    };

    public static V1.Sighting ToProto(this Sighting sighting)
    {
        var proto = new V1.Sighting
        {
            Sequence = sighting.Sequence,
            AlarmId = sighting.AlarmId,
            Type = (V1.AlarmEventType)(int)sighting.Type,
            At = sighting.At.ToProto(),
            SeenCommunityId = sighting.SeenCommunityId ?? string.Empty,
            Location = sighting.Location?.ToProto(),
        };
        proto.ReceiverIds.AddRange(sighting.ReceiverIds);
        if (sighting.Signal?.RssiDbm is { } rssi)
        {
            proto.RssiDbm = rssi;
        }

        if (sighting.Signal?.SnrDb is { } snr)
        {
            proto.SnrDb = snr;
        }

        return proto;
    }

    public static V1.CommunityReportResponse ToProto(this CommunityReport report, byte[] csv)
    {
        var proto = new V1.CommunityReportResponse
        {
            CommunityId = report.Community.Id,
            CommunityName = report.Community.Name,
            TimeZone = report.Period.Zone.Id,
            FirstDay = Day(report.Period.FirstDay),
            LastDay = Day(report.Period.LastDay),
            From = report.Period.From.ToProto(),
            Until = report.Period.Until.ToProto(),
            Raised = report.Raised,
            TimeToAcknowledge = report.Acknowledge.ToProto(),
            TimeToResolve = report.Resolve.ToProto(),
            Unanswered = report.Unanswered,
            ClearedByGateway = report.ClearedByGateway,
            Escalated = report.Escalated,
            GeneratedAt = report.GeneratedAt.ToProto(),
            GeneratedBy = report.GeneratedBy,
            Csv = ByteString.CopyFrom(csv),
        };
        proto.ByKind.AddRange(report.ByKind.Select(k => new V1.KindCount { Kind = (V1.AlarmKind)(int)k.Kind, Alarms = k.Alarms }));
        proto.PerDay.AddRange(report.PerDay.Select(d => new V1.DayCount { Day = Day(d.Day), Alarms = d.Alarms }));
        proto.TimeToAcknowledgeDistribution.AddRange(report.AcknowledgeDistribution.Select(ToProto));
        proto.SilentDevices.AddRange(report.SilentDevices.Select(ToProto));
        proto.LowBatteryDevices.AddRange(report.LowBatteryDevices.Select(ToProto));
        proto.ReceiversDown.AddRange(report.ReceiversDown.Select(r => new V1.ReceiverOutages
        {
            ReceiverId = r.ReceiverId,
            Label = r.Label,
            Outages = r.Outages,
            DownSeconds = r.Down.TotalSeconds,
            DownNow = r.DownNow,
        }));
        return proto;
    }

    private static V1.ResponseTimes ToProto(this ResponseTimes times)
    {
        var proto = new V1.ResponseTimes { Answered = times.Answered };
        if (times.Median is { } median)
        {
            proto.MedianSeconds = median.TotalSeconds;
        }

        if (times.P90 is { } p90)
        {
            proto.P90Seconds = p90.TotalSeconds;
        }

        if (times.Longest is { } longest)
        {
            proto.LongestSeconds = longest.TotalSeconds;
        }

        return proto;
    }

    private static V1.ResponseBar ToProto(ResponseBucket bar)
    {
        var proto = new V1.ResponseBar { AtLeastSeconds = bar.AtLeast.TotalSeconds, Alarms = bar.Alarms };
        if (bar.Under is { } under)
        {
            proto.UnderSeconds = under.TotalSeconds;
        }

        return proto;
    }

    private static V1.DeviceIncidents ToProto(DeviceIncidents device) => new() { DeviceId = device.DeviceId, Label = device.Label, Alarms = device.Alarms };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
