using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

/// <summary>The geofence scenarios' wearer: Grandma Wang's wristband, her 300 m safe zone around home, and her GNSS fixes.</summary>
internal static class SafeZoneWalk
{
    public const uint Wristband = 0x22000001;

    public static readonly GeoPoint Home = new(25.1010, 105.4690);

    public static Geofence SafeZone(WeeklySchedule? schedule = null) => new()
    {
        Id = "home-wang",
        Name = "Grandma Wang's home and square",
        Shape = new CircleShape(Home, 300),
        Mode = GeofenceMode.KeepIn,
        Assignment = new DeviceAssignment(Wristband),
        Schedule = schedule,
    };

    /// <summary>Her position report <paramref name="metresNorth"/> of home, with a fix of <paramref name="accuracy"/> metres.</summary>
    public static RadioFrame Fix(uint counter, double metresNorth, byte accuracy = 8)
    {
        var point = LocalGeodesy.Offset(Home, metresNorth, 0);
        return RadioFrame.PositionReport(
            Wristband, counter, DeviceStatusFlags.GnssFixValid, 80, GeoFix.FromDegrees(point.Latitude, point.Longitude, accuracy, 0));
    }
}
