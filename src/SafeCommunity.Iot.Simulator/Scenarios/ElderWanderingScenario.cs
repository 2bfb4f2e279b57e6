using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>
/// An elder with dementia walks out of her community: her wristband's position reports step away from home, across the
/// community's boundary, and stop 420 m from the centre, where she sits down and stays.
/// </summary>
public sealed class ElderWanderingScenario : Scenario
{
    /// <summary>Where she ends, in metres from the community centre (the boundary is at 250 m).</summary>
    public const double FinalDistanceMetres = 420;

    /// <summary>Metres between two reports (the demo walks her faster than life).</summary>
    public const double StepMetres = 22;

    /// <summary>Time between two reports while she walks.</summary>
    public static readonly TimeSpan StepInterval = TimeSpan.FromSeconds(4);

    private Polyline? _walk;

    /// <inheritdoc />
    public override string Name => "elder-wandering";

    /// <inheritdoc />
    public override string Summary => "an elder's wristband walks out of the community, report by report, past its boundary.";

    /// <inheritdoc />
    public override TimeSpan Duration => _walk is null ? TimeSpan.FromSeconds(1) : (StepInterval * Steps) + TimeSpan.FromSeconds(3);

    /// <summary>The wristband (null when the seed has no elder wristband).</summary>
    public SimulatedDevice? Wristband { get; private set; }

    private int Steps => _walk is null ? 0 : (int)Math.Ceiling(_walk.LengthMetres / StepMetres);

    /// <inheritdoc />
    protected internal override void Prepare(FleetSimulation fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var community = fleet.Patrol?.CommunityId;
        Wristband = fleet.Claim(d => d.Seed.Kind == DeviceKind.ElderWristband && d.Seed.CommunityId == community) ??
            fleet.Claim(d => d.Seed.Kind == DeviceKind.ElderWristband);
        if (Wristband is null)
        {
            return;
        }

        // Straight out from the centre past her door (west-south-west when she lives at the centre); the communities
        // are more than a kilometre apart, so she ends in the fields between them.
        var centre = Wristband.Site.Centre;
        var (north, east) = LocalGeodesy.OffsetMetres(centre, Wristband.Home);
        var bearing = Math.Sqrt((north * north) + (east * east)) > 15 ? Math.Atan2(east, north) : 250 * Math.PI / 180;
        var end = LocalGeodesy.Offset(centre, FinalDistanceMetres * Math.Cos(bearing), FinalDistanceMetres * Math.Sin(bearing));
        _walk = new Polyline([Wristband.Home, end]);
    }

    /// <inheritdoc />
    protected internal override void Start(FleetSimulation fleet, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (Wristband is not { } wristband || _walk is not { } walk)
        {
            Say(fleet, "the seed has no elder wristband.");
            return;
        }

        var site = wristband.Site;
        wristband.StopRoutine();
        wristband.Scripted = true;
        wristband.Position = wristband.Home;
        Say(fleet, Invariant(
            $"{Describe(wristband)} ({wristband.Seed.Owner}) leaves home, {site.DistanceFromCentre(wristband.Home):F0} m from the {site.Community.Name} centre; the community boundary is {CommunitySite.BoundaryRadiusMetres:F0} m out. The wristband reports every {StepInterval.TotalSeconds:F0} s."));

        var wasInside = true;
        for (var k = 1; k <= Steps; k++)
        {
            var metres = Math.Min(walk.LengthMetres, StepMetres * k);
            var last = k == Steps;
            fleet.Schedule(at + (StepInterval * k), () =>
            {
                wristband.Position = walk.At(metres);
                var report = fleet.SendPositionReport(wristband);
                var distance = site.DistanceFromCentre(wristband.Position);
                var inside = site.Contains(wristband.Position);
                var where = inside ? "inside" : "OUTSIDE the boundary";
                var crossing = wasInside && !inside ? " — the wearer has just left the community" : "";
                wasInside = inside;
                Say(fleet, Invariant($"position report {report.Frame.Counter}: {distance:F0} m from the centre, {where}{crossing}."));
                if (last)
                {
                    wristband.Home = wristband.Position;
                    wristband.Scripted = false;
                    fleet.Resume(wristband, TimeSpan.FromSeconds(10));
                    Say(fleet, Invariant($"the wearer sits down on a bench {distance:F0} m from the centre and stays there; the reports keep coming from outside."));
                }
            });
        }
    }
}
