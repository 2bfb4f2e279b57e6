using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Trails;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Mapping;

/// <summary>Trail points and sightings between the history and the contracts.</summary>
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
}
