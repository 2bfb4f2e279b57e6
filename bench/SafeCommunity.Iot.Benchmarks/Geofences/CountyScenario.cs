using NetTopologySuite.Geometries;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Geofences.Indexing;
using Location = SafeCommunity.Iot.Core.Geodesy.Location;

namespace SafeCommunity.Iot.Benchmarks.Geofences;

/// <summary>
/// A synthetic Anlong County (60 × 60 km around 25.10 N, 105.47 E) with a given number of fences, and the fixes
/// of one elder whose evaluation is measured.
/// <para>
/// The elder (device 1, elder wristband, Wufu) always has the same five fences: her home (200 m circle, keep-in),
/// the old quarry where she once got lost (150 m circle, keep-out, 4 km away), the Wufu boundary (12-vertex polygon about 2.5 km
/// across, keep-in), and two fences for every elder of Wufu: a river bank (keep-out polygon 350 m north of her
/// home) and a highway (keep-out strip 250 m south, nights only). Every other fence belongs to somebody else:
/// circles and star-shaped polygons 100-2,000 m across, 60 % of them within 6 km of the town centre (where
/// people live) and 40 % anywhere in the county; 70 % assigned to single devices, 20 % to a kind of device in
/// a community (a tenth of those in Wufu, so Wufu's elders gain fences as the county grows: about 0, 7 and 67
/// more for 10, 1,000 and 10,000 fences), 10 % community boundaries; 20 % with a school-hours schedule.
/// </para>
/// </summary>
public sealed class CountyScenario
{
    /// <summary>The county seat.</summary>
    public static readonly GeoPoint Anlong = new(25.10, 105.47);

    /// <summary>The elder's home.</summary>
    public static readonly GeoPoint Home = LocalGeodesy.Offset(Anlong, 300, -200);

    private static readonly GeometryFactory Factory = GeofenceGeoJson.Factory;

    private CountyScenario(GeofenceIndex index, Device elder, Location[] fixes)
    {
        Index = index;
        Elder = elder;
        Fixes = fixes;
    }

    /// <summary>The fences.</summary>
    public GeofenceIndex Index { get; }

    /// <summary>The elder whose fixes are evaluated.</summary>
    public Device Elder { get; }

    /// <summary>Her fixes: within 180 m of her door, accuracy 5-40 m, every 30 s from Monday 09:00.</summary>
    public IReadOnlyList<Location> Fixes { get; }

    /// <summary>Builds the county with <paramref name="fenceCount"/> fences (at least 5).</summary>
    public static CountyScenario Create(int fenceCount, int fixCount = 64, int seed = 2026)
    {
        var random = new Random(seed);
        var fences = new List<Geofence>(fenceCount)
        {
            Fence("wang-home", Circle(Home, 200), GeofenceMode.KeepIn, new DeviceAssignment(1)),
            Fence("wang-old-quarry", Circle(LocalGeodesy.Offset(Anlong, -2_500, 3_000), 150), GeofenceMode.KeepOut, new DeviceAssignment(1)),
            Fence("wufu-boundary", new PolygonShape(FenceShapes.Star(random, Anlong, 1_250, 12)), GeofenceMode.KeepIn, new CommunityBoundaryAssignment("wufu")),
            Fence("wufu-elders-river", new PolygonShape(Band(LocalGeodesy.Offset(Home, 350, -500), 40, 1_000)), GeofenceMode.KeepOut,
                new KindAssignment(DeviceKind.ElderWristband, "wufu")),
            Fence("wufu-elders-highway", new PolygonShape(Band(LocalGeodesy.Offset(Home, -310, -750), 60, 1_500)), GeofenceMode.KeepOut,
                new KindAssignment(DeviceKind.ElderWristband, "wufu"),
                new WeeklySchedule([new ScheduleWindow(WeekDays.All, new TimeOnly(20, 0), new TimeOnly(6, 0))])),
        };

        var schoolHours = new WeeklySchedule([new ScheduleWindow(WeekDays.Workdays, new TimeOnly(7, 30), new TimeOnly(17, 0))]);
        for (var i = fences.Count; i < fenceCount; i++)
        {
            var half = random.Next(0, 10) < 6 ? 6_000 : 30_000;
            var centre = LocalGeodesy.Offset(Anlong, random.Next(-half, half), random.Next(-half, half));
            var radius = random.Next(50, 1_000);
            GeofenceShape shape = random.Next(2) == 0 ? Circle(centre, radius) : new PolygonShape(FenceShapes.Star(random, centre, radius, random.Next(6, 11)));
            var roll = random.Next(10);
            GeofenceAssignment assignment = roll switch
            {
                < 7 => new DeviceAssignment((uint)random.Next(2, 140_000)),
                // A kind in Wufu (its elders' fences grow with the county too), or in one of 40 other communities.
                < 9 => new KindAssignment((DeviceKind)random.Next(1, 4), random.Next(10) == 0 ? "wufu" : $"c{random.Next(0, 40):00}"),
                _ => new CommunityBoundaryAssignment($"c{random.Next(0, 40):00}"),
            };
            var mode = roll < 7 ? (random.Next(10) < 8 ? GeofenceMode.KeepIn : GeofenceMode.KeepOut)
                : roll < 9 ? GeofenceMode.KeepOut : GeofenceMode.KeepIn;
            fences.Add(Fence($"f{i:00000}", shape, mode, assignment, random.Next(5) == 0 ? schoolHours : null));
        }

        var index = new GeofenceIndex();
        index.AddOrReplaceRange(fences);

        var elder = new Device
        {
            Id = 1,
            Kind = DeviceKind.ElderWristband,
            Key = DeviceKey.FromBytes(new byte[DeviceKey.Length]),
            DisplayName = "Grandma Wang",
            CommunityId = "wufu",
            Owner = "wang",
        };
        // Her fixes come from their own generator, so they are the same whatever the number of fences.
        var walk = new Random(seed + 1);
        var monday = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));
        var fixes = new Location[fixCount];
        for (var k = 0; k < fixCount; k++)
        {
            var r = 180 * Math.Sqrt(walk.NextDouble());
            var angle = walk.NextDouble() * 2 * Math.PI;
            fixes[k] = new Location(
                LocalGeodesy.Offset(Home, r * Math.Cos(angle), r * Math.Sin(angle)),
                walk.Next(5, 41),
                LocationSource.Gnss,
                monday.AddSeconds(30 * k));
        }

        return new CountyScenario(index, elder, fixes);
    }

    private static Geofence Fence(string id, GeofenceShape shape, GeofenceMode mode, GeofenceAssignment assignment, WeeklySchedule? schedule = null) => new()
    {
        Id = id,
        Name = id,
        Shape = shape,
        Mode = mode,
        Assignment = assignment,
        Schedule = schedule,
    };

    private static CircleShape Circle(GeoPoint centre, double radius) => new(centre, radius);

    /// <summary>An east-west band <paramref name="width"/> by <paramref name="length"/> metres from its south-west corner.</summary>
    private static Polygon Band(GeoPoint southWest, double width, double length)
    {
        Coordinate At(double north, double east)
        {
            var p = LocalGeodesy.Offset(southWest, north, east);
            return new Coordinate(p.Longitude, p.Latitude);
        }

        return Factory.CreatePolygon([At(0, 0), At(0, length), At(width, length), At(width, 0), At(0, 0)]);
    }
}
