using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>
/// Where a community lies. The seed file gives receivers, not outlines, so the centre is the mean of the community's
/// fixed receivers (base stations, rooftop LoRaWAN gateway, police-room module — within a few metres of the centre the
/// seed was drawn around) and the boundary a circle of <see cref="BoundaryRadiusMetres"/> around it: the gates stand
/// about 150-160 m from the centre, so 250 m takes in the buildings just outside them.
/// </summary>
public sealed class CommunitySite
{
    /// <summary>The radius of the simulated community boundary.</summary>
    public const double BoundaryRadiusMetres = 250;

    internal CommunitySite(SeedCommunity community, GeoPoint centre, IReadOnlyList<SeedReceiver> receivers)
    {
        Community = community;
        Centre = centre;
        Receivers = receivers;
        BaseStations = [.. receivers.Where(r => r.Kind == ReceiverKind.FixedBaseStation && r.Position is not null)];
    }

    /// <summary>The community.</summary>
    public SeedCommunity Community { get; }

    /// <summary>Its id.</summary>
    public string Id => Community.Id;

    /// <summary>The centre.</summary>
    public GeoPoint Centre { get; }

    /// <summary>Its receivers (all kinds).</summary>
    public IReadOnlyList<SeedReceiver> Receivers { get; }

    /// <summary>Its fixed base stations.</summary>
    public IReadOnlyList<SeedReceiver> BaseStations { get; }

    /// <summary>Metres from the centre.</summary>
    public double DistanceFromCentre(GeoPoint point) => LocalGeodesy.DistanceMetres(Centre, point);

    /// <summary>Whether <paramref name="point"/> lies inside the simulated boundary.</summary>
    public bool Contains(GeoPoint point) => DistanceFromCentre(point) <= BoundaryRadiusMetres;

    /// <summary>The base station with this id suffix ("gate-north"), if the community has it.</summary>
    public SeedReceiver? BaseStation(string suffix) =>
        BaseStations.FirstOrDefault(r => r.Id.EndsWith("-" + suffix, StringComparison.Ordinal));

    internal static Dictionary<string, CommunitySite> FromSeed(SeedDeployment seed)
    {
        var sites = new Dictionary<string, CommunitySite>(StringComparer.Ordinal);
        foreach (var community in seed.Communities)
        {
            var receivers = seed.Receivers.Where(r => r.CommunityId == community.Id).ToList();
            var placed = receivers.Where(r => r.Position is not null && r.Kind != ReceiverKind.Mobile).Select(r => r.Position!.Value).ToList();
            var devices = seed.Devices.Count(d => d.CommunityId == community.Id);
            if (placed.Count == 0)
            {
                if (devices == 0)
                {
                    continue;
                }

                throw new SeedFileException($"community '{community.Id}' has devices but no receiver with a position, so the simulator cannot place it");
            }

            var centre = new GeoPoint(placed.Average(p => p.Latitude), placed.Average(p => p.Longitude));
            sites[community.Id] = new CommunitySite(community, centre, receivers);
        }

        return sites;
    }
}
