using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>
/// An elder presses SOS: the wristband sends an SOS alarm event with its position, sends it again (a new counter, the
/// same alarm), keeps the sos flag in its reports until the family arrives and it is cancelled.
/// </summary>
public sealed class SosScenario : Scenario
{
    /// <summary>How many SOS alarm events the wristband sends.</summary>
    public const int EventCount = 2;

    /// <inheritdoc />
    public override string Name => "sos";

    /// <inheritdoc />
    public override string Summary => "a wristband's SOS button: an SOS alarm event with position, sent twice, then reports with the sos flag until cancelled.";

    /// <inheritdoc />
    public override TimeSpan Duration => TimeSpan.FromSeconds(22);

    /// <summary>The wristband.</summary>
    public SimulatedDevice? Wristband { get; private set; }

    /// <inheritdoc />
    protected internal override void Prepare(FleetSimulation fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var other = fleet.Sites.Keys.FirstOrDefault(id => id != fleet.Patrol?.CommunityId);
        Wristband = fleet.Claim(d => d.Seed.Kind == DeviceKind.ElderWristband && d.Seed.CommunityId == other) ??
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
        for (var i = 1; i <= EventCount; i++)
        {
            var number = i;
            fleet.Schedule(at + TimeSpan.FromSeconds(5 * (i - 1)), () =>
            {
                wristband.Flags |= DeviceStatusFlags.Sos;
                var alarm = fleet.SendAlarm(wristband, AlarmEventCode.Sos, withPosition: true);
                Say(fleet, number == 1
                    ? Invariant($"{Describe(wristband)} ({wristband.Seed.Owner}, {wristband.Site.Community.Name}) presses SOS: alarm event with position, counter {alarm.Frame.Counter}, {HeardText(alarm)}.")
                    : Invariant($"the wristband sends the SOS event again ({number} of {EventCount}, counter {alarm.Frame.Counter}): the same alarm, not a new one."));
            });
        }

        foreach (var seconds in new[] { 10, 15 })
        {
            fleet.Schedule(at + TimeSpan.FromSeconds(seconds), () => fleet.SendPositionReport(wristband));
        }

        fleet.Schedule(at + TimeSpan.FromSeconds(20), () =>
        {
            wristband.Flags &= ~DeviceStatusFlags.Sos;
            var report = fleet.SendPositionReport(wristband);
            fleet.Resume(wristband, TimeSpan.FromSeconds(15));
            Say(fleet, Invariant($"the family arrives and cancels the SOS on the wristband: report {report.Frame.Counter} has the sos flag clear."));
        });
    }
}
