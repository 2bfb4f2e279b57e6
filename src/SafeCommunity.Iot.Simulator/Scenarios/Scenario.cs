using System.Globalization;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>
/// A story the demo tells with real frames: it picks its devices when planned (<see cref="Prepare"/>), then at its
/// start schedules what they send and says in plain words what happens. The fleet's normal day goes on around it.
/// </summary>
public abstract class Scenario
{
    /// <summary>Its name on the command line ("stolen-bike").</summary>
    public abstract string Name { get; }

    /// <summary>One line saying what it shows.</summary>
    public abstract string Summary { get; }

    /// <summary>How long it runs (simulation time); known once prepared.</summary>
    public abstract TimeSpan Duration { get; }

    /// <summary>Picks and places its devices, before any traffic.</summary>
    protected internal virtual void Prepare(FleetSimulation fleet)
    {
    }

    /// <summary>Schedules its steps from <paramref name="at"/>.</summary>
    protected internal abstract void Start(FleetSimulation fleet, TimeSpan at);

    /// <summary>A narration line from this scenario.</summary>
    protected void Say(FleetSimulation fleet, string text)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        fleet.Say(Name, text);
    }

    /// <summary>Formats with the invariant culture.</summary>
    protected static string Invariant(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How a device is named in narration: label, name, owner.</summary>
    protected static string Describe(SimulatedDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return $"{device.Seed.Label} \"{device.Seed.DisplayName}\"";
    }

    /// <summary>Who heard a frame, in a few words.</summary>
    protected static string HeardText(Transmission transmission)
    {
        ArgumentNullException.ThrowIfNull(transmission);
        return transmission.Receptions.Count == 0
            ? "nobody heard it"
            : "heard by " + string.Join(", ", transmission.Receptions.Select(r => Invariant($"{r.Receiver.Id} ({r.DistanceMetres:F0} m, {r.RssiDbm} dBm)")));
    }
}
