using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.Simulator.Engine;

/// <summary>Something the simulation did at <see cref="At"/> (simulation time since the start).</summary>
/// <param name="At">Simulation time since the start.</param>
public abstract record SimulationEvent(TimeSpan At);

/// <summary>A plain-words line about what a scenario does.</summary>
/// <param name="At">Simulation time.</param>
/// <param name="Scenario">The scenario speaking.</param>
/// <param name="Text">What it says.</param>
public sealed record Narration(TimeSpan At, string Scenario, string Text) : SimulationEvent(At);

/// <summary>One receiver that heard a transmission.</summary>
/// <param name="Receiver">The receiver.</param>
/// <param name="RssiDbm">Received signal strength.</param>
/// <param name="SnrDb">Signal-to-noise ratio.</param>
/// <param name="DistanceMetres">How far the device was.</param>
/// <param name="ReceiverPosition">A mobile receiver's position when it heard the frame; null for a fixed one.</param>
public sealed record HeardBy(SeedReceiver Receiver, short RssiDbm, double SnrDb, double DistanceMetres, GeoPoint? ReceiverPosition);

/// <summary>A device sent a radio frame; <see cref="Receptions"/> says who heard it (maybe nobody).</summary>
/// <param name="At">Simulation time.</param>
/// <param name="Device">The sender.</param>
/// <param name="Bytes">The signed frame as it goes on the air.</param>
/// <param name="Frame">The frame's fields.</param>
/// <param name="TruePosition">Where the device really was.</param>
/// <param name="Receptions">Who heard it: LoRaWAN gateways for a LoRaWAN device, base stations and patrol receivers otherwise.</param>
public sealed record Transmission(
    TimeSpan At, SeedDevice Device, byte[] Bytes, RadioFrame Frame, GeoPoint TruePosition, IReadOnlyList<HeardBy> Receptions)
    : SimulationEvent(At)
{
    /// <summary>Whether it went out over LoRaWAN (the device has a DevEUI).</summary>
    public bool IsLoRaWan => Device.DevEui is not null;

    /// <summary>The receptions at receivers of <paramref name="kind"/>.</summary>
    public IEnumerable<HeardBy> HeardByKind(ReceiverKind kind) => Receptions.Where(r => r.Receiver.Kind == kind);
}

/// <summary>A mobile receiver's GNSS module has a fresh fix (the serial transport relays it as RMC and GGA).</summary>
/// <param name="At">Simulation time.</param>
/// <param name="Receiver">The mobile receiver.</param>
/// <param name="Position">Its position.</param>
/// <param name="SpeedMetresPerSecond">Speed over ground.</param>
/// <param name="CourseDegrees">Course over ground, degrees true.</param>
public sealed record ReceiverFix(TimeSpan At, SeedReceiver Receiver, GeoPoint Position, double SpeedMetresPerSecond, double CourseDegrees)
    : SimulationEvent(At);
