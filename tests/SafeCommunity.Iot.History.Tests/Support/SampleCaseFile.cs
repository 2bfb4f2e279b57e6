using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Trails;

namespace SafeCommunity.Iot.History.Tests.Support;

/// <summary>A case file as the builder gathers it: a bike stolen in Wufu, carried past both gates over two hours.</summary>
internal static class SampleCaseFile
{
    public static readonly DateTimeOffset StolenAt = new(2026, 4, 15, 1, 0, 0, TimeSpan.Zero);

    public static CaseFile Create(int trailPoints = 40, int sightings = 6, IReadOnlyList<string>? warnings = null)
    {
        var trail = Enumerable.Range(0, trailPoints)
            .Select(i => new HistoryPoint(
                new Location(Fleet.Along(i * 15), 60, LocationSource.Receivers, StolenAt.AddMinutes(i * 3)),
                i % 2 == 0 ? "wufu-gate-north" : "wufu-gate-south",
                i < trailPoints / 2 ? TrailOrigin.InfluxDb : TrailOrigin.EmbeddedStore))
            .ToList();
        var seen = Enumerable.Range(0, sightings)
            .Select(i =>
            {
                var receiver = i % 2 == 0 ? Fleet.NorthGate : Fleet.SouthGate;
                var at = StolenAt.AddMinutes(10 + (i * 17));
                return new Sighting(100 + i, 7, i == 0 ? AlarmEventType.Raised : AlarmEventType.Updated, at, [receiver.Id], "wufu",
                    new Location(receiver.Position!.Value, 100, LocationSource.Receivers, at),
                    i == sightings - 1 ? null : new ReceptionSignal(receiver.Id, at, -80 - i, 5.5));
            })
            .ToList();
        var report = new TheftReport
        {
            Id = 3, DeviceId = Fleet.Bike.Id, PoliceReportNumber = "ALPS-2026-0415", StolenAt = StolenAt,
            LastSeenPlace = "五福北门 Wufu north gate", Description = "蓝色雅迪，前篮 (blue Yadea, front basket)",
            ReportedBy = "Owner of the blue Yadea", ReportedAt = StolenAt.AddMinutes(20),
        };
        var fence = new Geofence
        {
            Id = "wufu-boundary", Name = "五福社区 boundary",
            Shape = new CircleShape(new GeoPoint(25.0995, 105.4697), 450),
            Mode = GeofenceMode.KeepIn, Assignment = new CommunityBoundaryAssignment("wufu"),
        };
        return new CaseFile(
            Fleet.Bike, Fleet.Wufu, report, StolenAt, StolenAt.AddHours(2), seen, false,
            new HistoryTrail(trail, false, StolenAt.AddHours(1), []), [Fleet.NorthGate, Fleet.SouthGate], [fence],
            warnings ?? [], StolenAt.AddHours(2), "Wufu police room");
    }
}
