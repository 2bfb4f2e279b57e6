using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>
/// A child takes the wristband off: the removed flag rises in a position report, then the wristband sends a
/// 'removed' alarm event with its position, keeps the flag while it lies there, and clears it when worn again.
/// </summary>
public sealed class WristbandRemovedScenario : Scenario
{
    /// <inheritdoc />
    public override string Name => "wristband-removed";

    /// <inheritdoc />
    public override string Summary => "a child's wristband is taken off: the removed flag rises, then a 'removed' alarm event.";

    /// <inheritdoc />
    public override TimeSpan Duration => TimeSpan.FromSeconds(32);

    /// <summary>The wristband.</summary>
    public SimulatedDevice? Wristband { get; private set; }

    /// <inheritdoc />
    protected internal override void Prepare(FleetSimulation fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var communities = fleet.Sites.Keys.ToList();
        var preferred = communities.Count > 2 ? communities[2] : communities.LastOrDefault();
        Wristband = fleet.Claim(d => d.Seed.Kind == DeviceKind.ChildWristband && d.Seed.CommunityId == preferred) ??
            fleet.Claim(d => d.IsWristband);
    }

    /// <inheritdoc />
    protected internal override void Start(FleetSimulation fleet, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (Wristband is not { } wristband)
        {
            Say(fleet, "the seed has no wristband.");
            return;
        }

        wristband.StopRoutine();
        fleet.Schedule(at, () =>
        {
            wristband.Flags |= DeviceStatusFlags.Removed;
            var report = fleet.SendPositionReport(wristband);
            Say(fleet, Invariant($"{Describe(wristband)} ({wristband.Seed.Owner}, {wristband.Site.Community.Name}) is taken off: position report {report.Frame.Counter} carries the removed flag."));
        });
        fleet.Schedule(at + TimeSpan.FromSeconds(2), () =>
        {
            var alarm = fleet.SendAlarm(wristband, AlarmEventCode.Removed, withPosition: true);
            Say(fleet, Invariant($"the wristband sends its 'removed' alarm event with position (counter {alarm.Frame.Counter}), {HeardText(alarm)}."));
        });
        foreach (var seconds in new[] { 10, 20 })
        {
            fleet.Schedule(at + TimeSpan.FromSeconds(seconds), () => fleet.SendPositionReport(wristband));
        }

        fleet.Schedule(at + TimeSpan.FromSeconds(30), () =>
        {
            wristband.Flags &= ~DeviceStatusFlags.Removed;
            var report = fleet.SendPositionReport(wristband);
            fleet.Resume(wristband, TimeSpan.FromSeconds(15));
            Say(fleet, Invariant($"the child puts it back on: report {report.Frame.Counter} has the removed flag clear."));
        });
    }
}
