using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Benchmarks.Geofences;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>A device of the synthetic county: where it lives and what it is.</summary>
internal sealed record CountyDevice(uint Id, DeviceKind Kind, string CommunityId, GeoPoint Home, int Station, byte[] Key);

/// <summary>A community of the synthetic county with its fixed base stations.</summary>
internal sealed record CountyCommunity(string Id, GeoPoint Centre, IReadOnlyList<SeedReceiver> BaseStations);

/// <summary>
/// The seed deployment's four communities and 36 receivers with <c>N</c> devices instead of its 140, and a given
/// number of geofences: what a county a thousand times the pilot looks like to the pipeline. Devices are spread
/// evenly over the communities (55 % e-bike chips, 30 % elder and 15 % child wristbands), each with a home within
/// 80 m of one of its community's base stations (its station: the one that hears it); fixes stay within 150 m of home.
/// <para>
/// Fences: each community's boundary (keep-in polygon, 1.5 km), for each community and wristband kind a few
/// keep-out polygons (a river bank, a road, a building site), and the rest are homes: a 300 m keep-in circle
/// around a wristband's home (its fixes never leave it) — so every fix is evaluated against real, nearby fences
/// and an alarm comes only from the alarm-raising frames.
/// </para>
/// </summary>
internal sealed class SyntheticCounty
{
    private SyntheticCounty(JsonObject seed, IReadOnlyList<CountyCommunity> communities, IReadOnlyList<CountyDevice> devices, IReadOnlyList<Geofence> fences)
    {
        Seed = seed;
        Communities = communities;
        Devices = devices;
        Fences = fences;
    }

    /// <summary>The four communities.</summary>
    public IReadOnlyList<CountyCommunity> Communities { get; }

    /// <summary>The enrolled devices.</summary>
    public IReadOnlyList<CountyDevice> Devices { get; }

    /// <summary>The fences.</summary>
    public IReadOnlyList<Geofence> Fences { get; }

    private JsonObject Seed { get; }

    /// <summary>Builds the county from the seed file at <paramref name="seedPath"/>.</summary>
    public static SyntheticCounty Create(string seedPath, int deviceCount, int fenceCount, int seed = 2026)
    {
        var seedJson = JsonNode.Parse(File.ReadAllText(seedPath))!.AsObject();
        var deployment = SeedDeployment.Load(seedPath);
        var communities = deployment.Communities.Select(c =>
        {
            var stations = deployment.Receivers.Where(r => r.CommunityId == c.Id && r.Kind == ReceiverKind.FixedBaseStation).ToList();
            var centre = new GeoPoint(stations.Average(r => r.Position!.Value.Latitude), stations.Average(r => r.Position!.Value.Longitude));
            return new CountyCommunity(c.Id, centre, stations);
        }).ToList();

        var random = new Random(seed);
        var devices = new List<CountyDevice>(deviceCount);
        for (var i = 0; i < deviceCount; i++)
        {
            var community = communities[i % communities.Count];
            var roll = random.Next(100);
            var (kind, prefix) = roll < 55 ? (DeviceKind.EbikeChip, 0x11000000u)
                : roll < 85 ? (DeviceKind.ElderWristband, 0x22000000u) : (DeviceKind.ChildWristband, 0x23000000u);
            var id = prefix + (uint)i + 1;
            var station = random.Next(community.BaseStations.Count);
            var home = Around(random, community.BaseStations[station].Position!.Value, 80);
            devices.Add(new CountyDevice(id, kind, community.Id, home, station, DemoKeys.For(id)));
        }

        return new SyntheticCounty(seedJson, communities, devices, CreateFences(random, communities, devices, fenceCount));
    }

    /// <summary>Writes the registry import file (communities and receivers of the seed, these devices).</summary>
    public void WriteRegistry(string path)
    {
        var file = new JsonObject
        {
            ["communities"] = Seed["communities"]!.DeepClone(),
            ["receivers"] = Seed["receivers"]!.DeepClone(),
        };
        var devices = new JsonArray();
        foreach (var device in Devices)
        {
            devices.Add(new JsonObject
            {
                ["id"] = device.Id,
                ["kind"] = device.Kind switch
                {
                    DeviceKind.EbikeChip => "ebike-chip",
                    DeviceKind.ElderWristband => "elder-wristband",
                    _ => "child-wristband",
                },
                ["key"] = Convert.ToHexStringLower(device.Key),
                ["displayName"] = string.Create(CultureInfo.InvariantCulture, $"device {device.Id:x8}"),
                ["community"] = device.CommunityId,
                ["owner"] = string.Create(CultureInfo.InvariantCulture, $"household-{device.Id % 50_000:00000}"),
            });
        }

        file["devices"] = devices;
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        file.WriteTo(writer);
    }

    /// <summary>Writes the fences as a GeoJSON import file.</summary>
    public void WriteFences(string path) => File.WriteAllText(path, GeofenceGeoJson.Write(Fences));

    /// <summary>A point at most <paramref name="radius"/> metres from <paramref name="centre"/>, uniform over the disc.</summary>
    public static GeoPoint Around(Random random, GeoPoint centre, double radius)
    {
        var r = radius * Math.Sqrt(random.NextDouble());
        var angle = random.NextDouble() * 2 * Math.PI;
        return LocalGeodesy.Offset(centre, r * Math.Cos(angle), r * Math.Sin(angle));
    }

    private static List<Geofence> CreateFences(Random random, List<CountyCommunity> communities, List<CountyDevice> devices, int count)
    {
        var fences = new List<Geofence>(count);
        foreach (var community in communities)
        {
            if (fences.Count < count)
            {
                fences.Add(Fence($"{community.Id}-boundary", new PolygonShape(FenceShapes.Star(random, community.Centre, 1_500, 16, 0.95)),
                    GeofenceMode.KeepIn, new CommunityBoundaryAssignment(community.Id)));
            }
        }

        // Keep-out places 2-4 km from the centre: near enough that the index has them among a fix's candidates.
        var kinds = new[] { DeviceKind.ElderWristband, DeviceKind.ChildWristband };
        for (var i = 0; fences.Count < count && i < communities.Count * kinds.Length * 5; i++)
        {
            var community = communities[i % communities.Count];
            var kind = kinds[i / communities.Count % kinds.Length];
            var place = LocalGeodesy.Offset(community.Centre, random.Next(-4_000, 4_000) >= 0 ? 2_500 : -2_500, random.Next(-2_000, 2_000));
            fences.Add(Fence($"{community.Id}-{kind}-keep-out-{i:00}", new PolygonShape(FenceShapes.Star(random, place, random.Next(200, 800), 8)),
                GeofenceMode.KeepOut, new KindAssignment(kind, community.Id)));
        }

        var wristbands = devices.Where(d => d.Kind != DeviceKind.EbikeChip).ToList();
        for (var i = 0; fences.Count < count && wristbands.Count > 0; i++)
        {
            var device = wristbands[i % wristbands.Count];
            fences.Add(Fence(string.Create(CultureInfo.InvariantCulture, $"home-{device.Id:x8}-{i / wristbands.Count}"),
                new CircleShape(device.Home, 300), GeofenceMode.KeepIn, new DeviceAssignment(device.Id)));
        }

        return fences;
    }

    private static Geofence Fence(string id, GeofenceShape shape, GeofenceMode mode, GeofenceAssignment assignment) => new()
    {
        Id = id,
        Name = id,
        Shape = shape,
        Mode = mode,
        Assignment = assignment,
    };
}
