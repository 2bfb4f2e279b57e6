using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Engine;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>A normal day: nothing but the fleet's routine frames, described once.</summary>
public sealed class NormalDayScenario : Scenario
{
    /// <inheritdoc />
    public override string Name => "normal";

    /// <inheritdoc />
    public override string Summary => "a normal day: every chip and wristband sends its routine frames.";

    /// <inheritdoc />
    public override TimeSpan Duration => TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    protected internal override void Start(FleetSimulation fleet, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var chips = fleet.Devices.Where(d => !d.IsWristband).ToList();
        var wristbands = fleet.Devices.Count - chips.Count;
        var armed = chips.Count(d => (d.Flags & DeviceStatusFlags.Armed) != 0);
        var loRaWan = fleet.Devices.Count(d => d.IsLoRaWan);
        var stations = fleet.Seed.Receivers.Count(r => r.Kind == ReceiverKind.FixedBaseStation);
        var gateways = fleet.Seed.Receivers.Count(r => r.Kind == ReceiverKind.LoRaWanGateway);
        Say(fleet, Invariant(
            $"{chips.Count} e-bike chips beacon from their parking places ({armed} armed, the rest in use), {wristbands} wristbands report GNSS positions around home, each every {fleet.Settings.MinInterval.TotalSeconds:F0}-{fleet.Settings.MaxInterval.TotalSeconds:F0} s."));
        Say(fleet, Invariant(
            $"{loRaWan} devices with a DevEUI go out as LoRaWAN (ChirpStack uplinks from {gateways} rooftop gateways); the other {fleet.Devices.Count - loRaWan} are heard by the {stations} base stations within about 90 m and by the patrol motorbike."));
        if (fleet.Patrol is not null)
        {
            Say(fleet, Invariant($"Patrol motorbike {fleet.Patrol.Id} rides its round {Fleet.PatrolTrack.RoundRadiusMetres:F0} m around the {fleet.Patrol.CommunityId} centre, reporting its GNSS position."));
        }
    }
}
