using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>
/// A bike is stolen: its chip (no GNSS, no LoRaWAN: placed only by who hears it) is parked and armed just inside the
/// north gate; its owner reports it stolen; the thief rides it out through the community, past the north and south
/// gate base stations, down the south road where the patrol motorbike waits and then follows it, and drops it there.
/// </summary>
public sealed class StolenBikeScenario : Scenario
{
    /// <summary>Seconds between the start and the thief moving the bike: time to report it stolen.</summary>
    public static readonly TimeSpan ReportTime = TimeSpan.FromSeconds(8);

    /// <summary>The thief's speed, metres per second.</summary>
    public const double ThiefSpeed = 8;

    /// <summary>A moving chip beacons this often.</summary>
    public static readonly TimeSpan MovingBeaconInterval = TimeSpan.FromSeconds(2.5);

    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private Polyline? _route;
    private double _metresToMeetingPoint;
    private GeoPoint _meetingPoint;
    private SeedReceiver? _north;
    private SeedReceiver? _south;

    /// <inheritdoc />
    public override string Name => "stolen-bike";

    /// <inheritdoc />
    public override string Summary => "an armed e-bike is stolen, carried past two base stations and heard by the patrol motorbike.";

    /// <inheritdoc />
    public override TimeSpan Duration => _route is null
        ? TimeSpan.FromSeconds(1)
        : ReportTime + TimeSpan.FromSeconds(_route.LengthMetres / ThiefSpeed) + TimeSpan.FromSeconds(6);

    /// <summary>The stolen bike's chip (null when the seed has none to steal).</summary>
    public SimulatedDevice? Chip { get; private set; }

    /// <summary>The route the thief takes.</summary>
    public Polyline? Route => _route;

    /// <inheritdoc />
    protected internal override void Prepare(FleetSimulation fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var site = PickSite(fleet);
        if (site is null)
        {
            return;
        }

        var stations = site.BaseStations.OrderByDescending(s => s.Position!.Value.Latitude).ToList();
        _north = stations[0];
        _south = stations[^1];
        Chip = fleet.Claim(d => d.Site == site && !d.IsWristband && !d.IsLoRaWan);
        if (Chip is null)
        {
            return;
        }

        var north = _north.Position!.Value;
        var south = _south.Position!.Value;
        var parking = Toward(north, site.Centre, 35);
        var (n, e) = LocalGeodesy.OffsetMetres(site.Centre, south);
        var length = Math.Sqrt((n * n) + (e * e));
        var (un, ue) = (n / length, e / length);
        var gate = LocalGeodesy.Offset(south, -8 * ue, 8 * un);      // through the gate, 8 m beside the pole
        _meetingPoint = LocalGeodesy.Offset(south, 260 * un, 260 * ue);
        var end = LocalGeodesy.Offset(south, 460 * un, 460 * ue);
        _route = new Polyline([parking, site.Centre, gate, _meetingPoint, end]);
        _metresToMeetingPoint = LocalGeodesy.DistanceMetres(parking, site.Centre) +
            LocalGeodesy.DistanceMetres(site.Centre, gate) + LocalGeodesy.DistanceMetres(gate, _meetingPoint);

        Chip.Home = parking;
        Chip.Position = parking;
        Chip.Flags = DeviceStatusFlags.Armed;
    }

    /// <inheritdoc />
    protected internal override void Start(FleetSimulation fleet, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (Chip is not { } chip || _route is not { } route)
        {
            Say(fleet, "the seed has no community with two base stations and a chip without LoRaWAN: nothing to steal.");
            return;
        }

        Say(fleet, Invariant($"{Describe(chip)} of {chip.Seed.Owner} stands armed 35 m inside {_north!.Name}."));
        Say(fleet, Invariant(
            $">>> REPORT IT STOLEN NOW: device id {chip.Id} ({chip.Seed.Label}). The simulator cannot call the gateway's API yet, so please report it there yourself."));

        var moveAt = at + ReportTime;
        fleet.Schedule(moveAt, () =>
        {
            chip.StopRoutine();
            chip.Scripted = true;
            chip.Flags = DeviceStatusFlags.Armed | DeviceStatusFlags.Moving;
            var alarm = fleet.SendAlarm(chip, AlarmEventCode.MovedWhileArmed, withPosition: false);
            Say(fleet, Invariant($"the thief cuts the lock and rides off: the chip sends 'moved while armed' (counter {alarm.Frame.Counter}), {HeardText(alarm)}; it now beacons every {MovingBeaconInterval.TotalSeconds} s with the moving flag."));
            SendPatrol(fleet, moveAt);
        });

        var steps = (int)Math.Ceiling(route.LengthMetres / ThiefSpeed / MovingBeaconInterval.TotalSeconds);
        for (var k = 1; k <= steps; k++)
        {
            var metres = Math.Min(route.LengthMetres, ThiefSpeed * k * MovingBeaconInterval.TotalSeconds);
            var last = k == steps;
            fleet.Schedule(moveAt + (MovingBeaconInterval * k), () =>
            {
                chip.Position = route.At(metres);
                var beacon = fleet.SendBeacon(chip);
                foreach (var heard in beacon.Receptions.Where(r => _announced.Add(r.Receiver.Id)))
                {
                    Say(fleet, Invariant($"the stolen bike passes {heard.Receiver.Name} ({heard.Receiver.Id}): heard at {heard.DistanceMetres:F0} m, {heard.RssiDbm} dBm."));
                }

                if (last)
                {
                    chip.Flags = DeviceStatusFlags.Armed;
                    chip.Home = chip.Position;
                    chip.Scripted = false;
                    fleet.Resume(chip, TimeSpan.FromSeconds(5));
                    Say(fleet, Invariant($"the thief drops the bike {chip.Site.DistanceFromCentre(chip.Position):F0} m from the {chip.Site.Id} centre and runs; the chip keeps beaconing from there."));
                }
            });
        }
    }

    private void SendPatrol(FleetSimulation fleet, TimeSpan now)
    {
        if (fleet.Patrol is null || fleet.PatrolTrack is null || _route is null)
        {
            return;
        }

        var atMeetingPoint = now + TimeSpan.FromSeconds(_metresToMeetingPoint / ThiefSpeed);
        var atEnd = now + TimeSpan.FromSeconds(_route.LengthMetres / ThiefSpeed);
        var roadside = LocalGeodesy.Offset(_meetingPoint, 0, 25);
        var endRoadside = LocalGeodesy.Offset(_route.End, 0, 25);
        var arrive = atMeetingPoint - TimeSpan.FromSeconds(6);
        if (arrive <= now)
        {
            arrive = now + TimeSpan.FromSeconds(1);
        }

        fleet.PatrolTrack.Follow(now,
        [
            (arrive, roadside),
            (atMeetingPoint + TimeSpan.FromSeconds(3), roadside),
            (atEnd + TimeSpan.FromSeconds(8), endRoadside),
        ]);
        Say(fleet, Invariant($"patrol motorbike {fleet.Patrol.Id} heads for the south road to meet it, {LocalGeodesy.DistanceMetres(_south!.Position!.Value, _meetingPoint):F0} m past {_south.Name}, then follows it."));
    }

    private static CommunitySite? PickSite(FleetSimulation fleet)
    {
        bool Usable(CommunitySite s) =>
            s.BaseStations.Count >= 2 && fleet.Devices.Any(d => d.Site == s && !d.IsWristband && !d.IsLoRaWan);

        if (fleet.Patrol is not null && fleet.Sites.TryGetValue(fleet.Patrol.CommunityId, out var patrolSite) && Usable(patrolSite))
        {
            return patrolSite;
        }

        return fleet.Sites.Values.FirstOrDefault(Usable);
    }

    private static GeoPoint Toward(GeoPoint from, GeoPoint to, double metres)
    {
        var distance = LocalGeodesy.DistanceMetres(from, to);
        return distance <= metres ? to : Polyline.Lerp(from, to, metres / distance);
    }
}
