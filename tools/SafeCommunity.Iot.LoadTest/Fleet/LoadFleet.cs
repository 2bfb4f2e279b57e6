using System.Globalization;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.LoadTest.Fleet;

/// <summary>One generated device: what the registry enrols and who hears it.</summary>
/// <param name="Seed">The device as the import file enrols it (key from <see cref="DemoKeys"/>).</param>
/// <param name="Home">Where it is: near the receiver that hears it.</param>
/// <param name="Heard">Who hears it: its community's LoRaWAN gateway, or the base station of its serial port.</param>
/// <param name="SerialPort">The serial port (0-based) it is heard on; null for a LoRaWAN device.</param>
internal sealed record LoadDevice(SeedDevice Seed, GeoPoint Home, HeardBy Heard, int? SerialPort)
{
    /// <summary>Whether it is a wristband (position reports, SOS) rather than an e-bike chip (beacons).</summary>
    public bool IsWristband => Seed.Kind != DeviceKind.EbikeChip;
}

/// <summary>
/// N generated devices spread over the seed deployment's communities, deterministic for N: ids from
/// <see cref="FirstId"/>, keys from <see cref="DemoKeys"/>, five chips to four wristbands. Every tenth chip is a
/// serial device heard by one base station (one per serial port, round robin); the rest are LoRaWAN devices with a
/// DevEUI, heard by their community's rooftop gateway. A device is heard on one path only, so its frame counter
/// never arrives out of order.
/// </summary>
internal sealed class LoadFleet
{
    /// <summary>The first generated id (well away from the seed's 0x11…/0x22… ids).</summary>
    public const uint FirstId = 0x3300_0001;

    private LoadFleet(IReadOnlyList<LoadDevice> devices, IReadOnlyList<SeedReceiver> serialReceivers)
    {
        Devices = devices;
        SerialReceivers = serialReceivers;
        LoRaWanDevices = [.. devices.Where(d => d.SerialPort is null)];
        SerialDevices = [.. serialReceivers.Select((_, port) => (IReadOnlyList<LoadDevice>)[.. devices.Where(d => d.SerialPort == port)])];
    }

    /// <summary>Every device, in id order.</summary>
    public IReadOnlyList<LoadDevice> Devices { get; }

    /// <summary>The devices that send ChirpStack uplinks.</summary>
    public IReadOnlyList<LoadDevice> LoRaWanDevices { get; }

    /// <summary>The base station on each serial port.</summary>
    public IReadOnlyList<SeedReceiver> SerialReceivers { get; }

    /// <summary>The devices heard on each serial port.</summary>
    public IReadOnlyList<IReadOnlyList<LoadDevice>> SerialDevices { get; }

    /// <summary>Generates <paramref name="count"/> devices over <paramref name="seed"/>'s communities and receivers.</summary>
    /// <exception cref="SeedFileException">The seed lacks the receivers the traffic needs.</exception>
    public static LoadFleet Generate(SeedDeployment seed, int count, int serialPorts)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var gateways = seed.Receivers.Where(r => r.Kind == ReceiverKind.LoRaWanGateway && r.Position is not null).ToList();
        var stations = seed.Receivers.Where(r => r.Kind == ReceiverKind.FixedBaseStation && r.Position is not null && r.HardwareId is not null).ToList();
        if (gateways.Count == 0)
        {
            throw new SeedFileException("it has no LoRaWAN gateway with a position to hear the generated devices");
        }

        if (stations.Count < serialPorts)
        {
            throw new SeedFileException(string.Create(CultureInfo.InvariantCulture, $"it has {stations.Count} base stations with a hardware id, fewer than the {serialPorts} serial ports asked for"));
        }

        var serialReceivers = stations.Take(serialPorts).ToList();
        var devices = new List<LoadDevice>(count);
        var serialCount = 0;
        for (var index = 0; index < count; index++)
        {
            var kind = (index % 9) switch
            {
                < 5 => DeviceKind.EbikeChip,
                var k when k % 2 == 0 => DeviceKind.ElderWristband,
                _ => DeviceKind.ChildWristband,
            };
            var id = FirstId + (uint)index;
            var serial = serialPorts > 0 && kind == DeviceKind.EbikeChip && index % 10 == 0;
            var receiver = serial ? serialReceivers[serialCount % serialPorts] : gateways[index % gateways.Count];
            var home = Near(receiver.Position!.Value, index, serial ? 40 : 400);
            var distance = LocalGeodesy.DistanceMetres(home, receiver.Position!.Value);
            var device = new SeedDevice(
                id,
                kind,
                receiver.CommunityId,
                string.Create(CultureInfo.InvariantCulture, $"load {kind.Name()} {id:x8}"),
                string.Create(CultureInfo.InvariantCulture, $"load-household-{index}"),
                serial ? null : string.Create(CultureInfo.InvariantCulture, $"70b3d57e{id:x8}"),
                DemoKeys.HexFor(id));
            var rssi = (short)Math.Round(-60 - (20 * Math.Log10(Math.Max(distance, 1))));
            devices.Add(new LoadDevice(device, home, new HeardBy(receiver, rssi, 7.5, distance, null), serial ? serialCount++ % serialPorts : null));
        }

        if (serialCount < serialPorts)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{count} devices make only {serialCount} serial devices (every tenth chip), fewer than the {serialPorts} serial ports: enrol more devices"), nameof(count));
        }

        return new LoadFleet(devices, serialReceivers);
    }

    /// <summary>A point up to <paramref name="radius"/> metres from <paramref name="centre"/>, fixed for <paramref name="index"/>.</summary>
    private static GeoPoint Near(GeoPoint centre, int index, double radius)
    {
        // A golden-angle spiral: even spread, no random numbers to seed.
        var distance = radius * Math.Sqrt(((index * 0.618034) % 1.0) + 0.001);
        var angle = index * 2.399963;
        return LocalGeodesy.Offset(centre, distance * Math.Cos(angle), distance * Math.Sin(angle));
    }
}
