using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Core.Geodesy;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Mapping;

/// <summary>Positions and times between the domain and the contracts.</summary>
internal static class CommonMapping
{
    public static Timestamp ToProto(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static Timestamp? ToProto(this DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    public static V1.Location ToProto(this Location location) => new()
    {
        Latitude = location.Point.Latitude,
        Longitude = location.Point.Longitude,
        AccuracyMetres = location.AccuracyMetres,
        Source = (V1.LocationSource)(int)location.Source,
        At = location.At.ToProto(),
    };
}
