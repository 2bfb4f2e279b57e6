using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Api.Tests.Support;

/// <summary>Frames of the seed devices, signed with their demo keys.</summary>
internal static class Frames
{
    /// <summary>An SOS press with a GNSS fix near Wufu's north gate.</summary>
    public static byte[] Sos(uint deviceId, uint counter) => SeedDevices.Sign(RadioFrame.AlarmEvent(
        deviceId, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos,
        GeoFix.FromDegrees(25.1011, 105.4691, 6, 1)));

    /// <summary>A routine position report.</summary>
    public static byte[] Position(uint deviceId, uint counter, double latitude, double longitude) => SeedDevices.Sign(
        RadioFrame.PositionReport(deviceId, counter, DeviceStatusFlags.GnssFixValid, 80, GeoFix.FromDegrees(latitude, longitude, 5, 1)));

    /// <summary>A beacon (no position: the receivers place it).</summary>
    public static byte[] Beacon(uint deviceId, uint counter) =>
        SeedDevices.Sign(RadioFrame.Beacon(deviceId, counter, DeviceStatusFlags.None, 80));
}
