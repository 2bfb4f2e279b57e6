using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Telemetry.Tests.Support;

/// <summary>Stored uplinks as the pipeline hands them to observers.</summary>
internal static class TestUplinks
{
    public static Device Chip { get; } = new()
    {
        Id = 0x11000001,
        Kind = DeviceKind.EbikeChip,
        Key = DeviceKey.FromBytes(new byte[16]),
        DisplayName = "blue Yadea e-bike",
        CommunityId = "wufu",
        Owner = "owner-wf-001",
    };

    /// <summary>A position report of <see cref="Chip"/> with counter <paramref name="counter"/>, heard at <paramref name="at"/> by one receiver.</summary>
    public static AcceptedUplink PositionReport(uint counter, DateTimeOffset at, Device? device = null)
    {
        device ??= Chip;
        var latitude = 25.1 + (counter % 1000 * 1e-5);
        var frame = RadioFrame.PositionReport(device.Id, counter, DeviceStatusFlags.GnssFixValid, 80, GeoFix.FromDegrees(latitude, 105.47, 8, 1));
        var reception = new Reception("wufu-gate-north", at, -80 - (counter % 20), 7.5, null, UplinkTransport.Serial);
        var location = new Location(new GeoPoint(latitude, 105.47), 8, LocationSource.Gnss, at.AddSeconds(-1));
        return new AcceptedUplink(device, frame, [reception], location, IsDuplicate: false);
    }
}
