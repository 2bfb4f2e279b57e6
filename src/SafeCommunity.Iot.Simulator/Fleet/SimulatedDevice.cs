using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>
/// One chip or wristband as the simulation plays it: where it really is, the condition flags it would report, its
/// battery and its frame counter (strictly increasing for the whole run, shared by every frame type as on a device).
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    internal SimulatedDevice(SeedDevice seed, CommunitySite site, uint firstCounter)
    {
        Seed = seed;
        Site = site;
        Cmac = new AesCmac(DemoKeys.For(seed.Id));
        LastCounter = firstCounter - 1;
    }

    /// <summary>The device as the seed file enrols it.</summary>
    public SeedDevice Seed { get; }

    /// <summary>Its community.</summary>
    public CommunitySite Site { get; }

    /// <summary>The device id.</summary>
    public uint Id => Seed.Id;

    /// <summary>Whether it is a wristband (GNSS, position reports) rather than an e-bike chip (beacons).</summary>
    public bool IsWristband => Seed.Kind is DeviceKind.ElderWristband or DeviceKind.ChildWristband;

    /// <summary>Whether it transmits LoRaWAN (it has a DevEUI): heard by LoRaWAN gateways, not by base stations.</summary>
    public bool IsLoRaWan => Seed.DevEui is not null;

    /// <summary>The last counter it used (the next frame carries a larger one).</summary>
    public uint LastCounter { get; private set; }

    /// <summary>Where it stays when nothing happens: a bike's parking place, a wearer's home.</summary>
    public GeoPoint Home { get; set; }

    /// <summary>Where it really is now.</summary>
    public GeoPoint Position { get; set; }

    /// <summary>Condition flags it reports in every frame (armed, moving, SOS, removed, ...).</summary>
    public DeviceStatusFlags Flags { get; set; }

    /// <summary>Battery percent.</summary>
    public byte Battery { get; set; }

    /// <summary>It sends nothing at all (a flat battery, a smashed chip).</summary>
    public bool Silent { get; set; }

    /// <summary>A scenario moves it: routine frames do not wander it around its home.</summary>
    public bool Scripted { get; set; }

    /// <summary>Its last GNSS fix and when it was taken (a wristband indoors repeats it).</summary>
    internal (GeoFix Fix, TimeSpan At)? LastFix { get; set; }

    /// <summary>Bumped to cancel the routine frames scheduled so far (a scenario changed the device's rhythm).</summary>
    internal int RoutineGeneration { get; set; }

    internal AesCmac Cmac { get; }

    /// <summary>Stops its routine frames (a scenario sends its frames itself until the fleet resumes them).</summary>
    internal void StopRoutine() => RoutineGeneration++;

    /// <summary>The counter for the next frame.</summary>
    internal uint NextCounter() => ++LastCounter;

    /// <inheritdoc />
    public void Dispose() => Cmac.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Seed.Label} {Seed.DisplayName}";
}
