using SafeCommunity.Iot.Benchmarks.Geofences;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Benchmarks.Uplinks;

/// <summary>
/// A second of county traffic for the decode-path benchmarks: one uplink from each of <see cref="Devices"/>, signed
/// with the device's own key by <see cref="RadioFrameWriter"/>, and heard by the fixed base stations around Anlong.
/// <para>
/// The first three uplinks are the valid uplink vectors of firmware-protocol/vectors verbatim (a beacon, a position
/// report, an SOS with a position); of the others, one in 20 is an SOS with a position, four in 20 are beacons and
/// the rest are position reports with a current GNSS fix within 3 km of the town centre (the fleet's usual mix).
/// </para>
/// </summary>
public sealed class UplinkFleet
{
    /// <summary>When the first uplink was heard (a Monday morning in Anlong).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly string[] VectorNames = ["frame-beacon", "frame-position-report", "frame-alarm-sos-with-position"];

    private UplinkFleet(DeviceRegistry registry, Device[] devices, byte[][] frames, Receiver[] receivers)
    {
        Registry = registry;
        Devices = devices;
        Frames = frames;
        Receivers = receivers;
    }

    /// <summary>Communities, receivers and devices, as the gateway holds them in memory.</summary>
    public DeviceRegistry Registry { get; }

    /// <summary>The devices, in the order of <see cref="Frames"/>.</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>One signed radio frame per device.</summary>
    public byte[][] Frames { get; }

    /// <summary>Eight fixed base stations on a 2 km ring around the town centre, 1 km range each.</summary>
    public IReadOnlyList<Receiver> Receivers { get; }

    /// <summary>Builds the fleet with <paramref name="deviceCount"/> devices (at least 3).</summary>
    public static UplinkFleet Create(int deviceCount = 1_024, int seed = 2026)
    {
        var random = new Random(seed);
        var receivers = new Receiver[8];
        for (var i = 0; i < receivers.Length; i++)
        {
            var angle = i * Math.PI / 4;
            receivers[i] = new Receiver
            {
                Id = $"wufu-base-{i + 1}",
                Kind = ReceiverKind.FixedBaseStation,
                CommunityId = "wufu",
                Position = LocalGeodesy.Offset(CountyScenario.Anlong, 2_000 * Math.Cos(angle), 2_000 * Math.Sin(angle)),
                RangeMetres = 1_000,
            };
        }

        var devices = new Device[deviceCount];
        var frames = new byte[deviceCount][];
        for (var i = 0; i < VectorNames.Length; i++)
        {
            var (bytes, key) = ProtocolVectors.Load(VectorNames[i]);
            if (RadioFrameReader.Read(bytes, out var frame) != RadioFrameError.None)
            {
                throw new InvalidDataException($"{VectorNames[i]} is not a valid frame.");
            }

            devices[i] = Enrol(frame.DeviceId, DeviceKind.ElderWristband, key);
            frames[i] = bytes;
        }

        for (var i = VectorNames.Length; i < deviceCount; i++)
        {
            var key = new byte[DeviceKey.Length];
            random.NextBytes(key);
            var kind = (DeviceKind)(1 + (i % 3));
            var device = Enrol(0x1000_0000u + (uint)i, kind, key);
            var here = LocalGeodesy.Offset(CountyScenario.Anlong, random.Next(-3_000, 3_000), random.Next(-3_000, 3_000));
            var fix = GeoFix.FromDegrees(here.Latitude, here.Longitude, (byte)random.Next(3, 30), (byte)random.Next(0, 5));
            var counter = (uint)random.Next(1, 100_000);
            var battery = (byte)random.Next(15, 101);
            var frame = (i % 20) switch
            {
                0 => RadioFrame.AlarmEvent(device.Id, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, battery, AlarmEventCode.Sos, fix),
                <= 4 => RadioFrame.Beacon(device.Id, counter, DeviceStatusFlags.None, battery),
                _ => RadioFrame.PositionReport(device.Id, counter, DeviceStatusFlags.GnssFixValid, battery, fix),
            };
            using var cmac = new AesCmac(key);
            devices[i] = device;
            frames[i] = RadioFrameWriter.ToArray(frame, cmac);
        }

        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [new Community { Id = "wufu", Name = "Wufu", PoliceRoom = "Wufu police room" }],
            receivers,
            devices));
        return new UplinkFleet(registry, devices, frames, receivers);
    }

    /// <summary>
    /// The receptions of uplink <paramref name="index"/> by <paramref name="count"/> neighbouring base stations,
    /// strongest first, 50 ms after the previous uplink.
    /// </summary>
    public List<Reception> Receptions(int index, int count, UplinkTransport transport = UplinkTransport.Serial)
    {
        var heard = new List<Reception>(count);
        for (var k = 0; k < count; k++)
        {
            var receiver = Receivers[(index + k) % Receivers.Count];
            heard.Add(new Reception(
                receiver.Id,
                Start.AddMilliseconds(50.0 * index),
                -78 - (9 * k) - (index % 7),
                7.5 - (2 * k),
                null,
                transport));
        }

        return heard;
    }

    /// <summary>The decoded frame of uplink <paramref name="index"/>.</summary>
    public RadioFrame Frame(int index) =>
        RadioFrameReader.Read(Frames[index], out var frame) == RadioFrameError.None ? frame : throw new InvalidDataException();

    private static Device Enrol(uint id, DeviceKind kind, byte[] key) => new()
    {
        Id = id,
        Kind = kind,
        Key = DeviceKey.FromBytes(key),
        DisplayName = $"device {id}",
        CommunityId = "wufu",
        Owner = "owner-wf",
        DevEui = $"a8404100{id:x8}",
    };
}
