using System.Globalization;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>A chip stops sending (flat battery, or smashed by a thief): nothing more comes from it for the rest of the run.</summary>
public sealed class ChipSilentScenario : Scenario
{
    /// <inheritdoc />
    public override string Name => "chip-silent";

    /// <inheritdoc />
    public override string Summary => "an e-bike chip stops sending for the rest of the run.";

    /// <inheritdoc />
    public override TimeSpan Duration => TimeSpan.FromSeconds(5);

    /// <summary>The chip.</summary>
    public SimulatedDevice? Chip { get; private set; }

    /// <inheritdoc />
    protected internal override void Prepare(FleetSimulation fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);

        // A LoRaWAN chip: some rooftop gateway surely heard it before it fell silent.
        Chip = fleet.Claim(d => !d.IsWristband && d.IsLoRaWan) ?? fleet.Claim(d => !d.IsWristband);
    }

    /// <inheritdoc />
    protected internal override void Start(FleetSimulation fleet, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (Chip is not { } chip)
        {
            Say(fleet, "the seed has no chip.");
            return;
        }

        chip.Silent = true;
        Say(fleet, string.Create(CultureInfo.InvariantCulture,
            $"{Describe(chip)} ({chip.Site.Community.Name}) stops sending; its last counter was {chip.LastCounter}. The gateway raises its 'silent' alarm once the chip's silent timeout passes (24 h for chips unless the seed says otherwise)."));
    }
}
