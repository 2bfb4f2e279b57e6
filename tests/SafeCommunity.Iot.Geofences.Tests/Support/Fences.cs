using NetTopologySuite.Geometries;
using Location = SafeCommunity.Iot.Core.Geodesy.Location;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Geofences.Indexing;

namespace SafeCommunity.Iot.Geofences.Tests.Support;

/// <summary>Fences, devices, fixes and clocks around Anlong County for the tests.</summary>
internal static class Fences
{
    public static readonly GeoPoint Anlong = new(25.10, 105.47);

    /// <summary>Monday 30 November 2026, 09:00 in Anlong (01:00 UTC).</summary>
    public static readonly DateTimeOffset MondayNine = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    public static TimeZoneInfo Shanghai { get; } = TimeZoneInfo.FindSystemTimeZoneById(Community.DefaultTimeZone);

    public static Device Device(uint id, DeviceKind kind = DeviceKind.ElderWristband, string community = "wufu") => new()
    {
        Id = id,
        Kind = kind,
        Key = DeviceKey.FromBytes(new byte[DeviceKey.Length]),
        DisplayName = $"test device {id}",
        CommunityId = community,
        Owner = "household",
    };

    public static Geofence Circle(
        string id,
        GeoPoint centre,
        double radiusMetres,
        GeofenceMode mode = GeofenceMode.KeepIn,
        GeofenceAssignment? assignment = null,
        WeeklySchedule? schedule = null,
        DebounceOverrides? debounce = null) => new()
        {
            Id = id,
            Name = $"fence {id}",
            Shape = new CircleShape(centre, radiusMetres),
            Mode = mode,
            Assignment = assignment ?? new DeviceAssignment(1),
            Schedule = schedule,
            Debounce = debounce,
        };

    public static Geofence PolygonFence(
        string id,
        Polygon polygon,
        GeofenceMode mode = GeofenceMode.KeepIn,
        GeofenceAssignment? assignment = null,
        WeeklySchedule? schedule = null) => new()
        {
            Id = id,
            Name = $"fence {id}",
            Shape = new PolygonShape(polygon),
            Mode = mode,
            Assignment = assignment ?? new DeviceAssignment(1),
            Schedule = schedule,
        };

    /// <summary>A ring through offsets (north, east metres) from <paramref name="origin"/>; closed here.</summary>
    public static LinearRing Ring(GeoPoint origin, params (double North, double East)[] vertices)
    {
        var coordinates = new Coordinate[vertices.Length + 1];
        for (var i = 0; i < vertices.Length; i++)
        {
            var p = LocalGeodesy.Offset(origin, vertices[i].North, vertices[i].East);
            coordinates[i] = new Coordinate(p.Longitude, p.Latitude);
        }

        coordinates[^1] = coordinates[0].Copy();
        return GeofenceGeoJson.Factory.CreateLinearRing(coordinates);
    }

    public static Polygon Polygon(GeoPoint origin, params (double North, double East)[] vertices) =>
        GeofenceGeoJson.Factory.CreatePolygon(Ring(origin, vertices));

    /// <summary>A square of side 2 × <paramref name="half"/> metres centred on <paramref name="centre"/>.</summary>
    public static Polygon Square(GeoPoint centre, double half) =>
        Polygon(centre, (-half, -half), (-half, half), (half, half), (half, -half));

    public static Location Fix(GeoPoint point, double accuracyMetres = 10) =>
        new(point, accuracyMetres, LocationSource.Gnss, MondayNine);

    public static GeofenceIndex Index(params Geofence[] fences)
    {
        var index = new GeofenceIndex();
        index.AddOrReplaceRange(fences);
        return index;
    }

    /// <summary>A point uniformly distributed in the disc of <paramref name="radius"/> metres around <paramref name="point"/>.</summary>
    public static GeoPoint Jitter(Random random, GeoPoint point, double radius)
    {
        var r = radius * Math.Sqrt(random.NextDouble());
        var angle = random.NextDouble() * 2 * Math.PI;
        return LocalGeodesy.Offset(point, r * Math.Cos(angle), r * Math.Sin(angle));
    }

    /// <summary>Circles and polygons of 100-2,000 m over a 60 × 60 km county, assigned at random.</summary>
    public static List<Geofence> RandomCounty(Random random, int count)
    {
        var fences = new List<Geofence>(count);
        for (var i = 0; i < count; i++)
        {
            var centre = LocalGeodesy.Offset(Anlong, random.Next(-30_000, 30_000), random.Next(-30_000, 30_000));
            var size = random.Next(100, 2_000);
            GeofenceAssignment assignment = random.Next(3) switch
            {
                0 => new DeviceAssignment((uint)random.Next(1, 200)),
                1 => new KindAssignment((DeviceKind)random.Next(1, 4), $"c{random.Next(0, 10)}"),
                _ => new CommunityBoundaryAssignment($"c{random.Next(0, 10)}"),
            };
            var mode = random.Next(2) == 0 ? GeofenceMode.KeepIn : GeofenceMode.KeepOut;
            fences.Add(random.Next(2) == 0
                ? Circle($"f{i}", centre, size / 2.0, mode, assignment)
                : PolygonFence($"f{i}", Polygon(centre, (-size / 2.0, -size / 2.0), (-size / 2.0, size / 3.0), (size / 2.0, size / 2.0), (size / 4.0, -size / 2.0)), mode, assignment));
        }

        return fences;
    }
}
