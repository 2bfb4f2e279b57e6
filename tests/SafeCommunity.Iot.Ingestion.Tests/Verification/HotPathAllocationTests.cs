using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Ingestion.Verification;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Ingestion.Tests.Verification;

/// <summary>What a shard does per valid frame before its state changes allocates nothing (DESIGN.md §5).</summary>
public sealed class HotPathAllocationTests
{
    private const int DeviceCount = 200;
    private const int Rounds = 50;

    [Fact]
    public void ReadVerifyWithCachedKeyAndLocate_AfterWarmUp_AllocatesNothing()
    {
        var devices = Enumerable.Range(1, DeviceCount).Select(i => Device(0x2200_0000u + (uint)i)).ToArray();
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [],
            [Fixed("gate-north", PipelineHarness.GateNorth), Fixed("gate-south", PipelineHarness.GateSouth), Fixed("pole-east", PipelineHarness.Pole)],
            devices));
        var frames = devices.Select(d => Sign(RadioFrame.Beacon(d.Id, 7, DeviceStatusFlags.None, 80), d)).ToArray();
        List<Reception> receptions =
        [
            Heard("gate-north", -91), Heard("gate-south", -84), Heard("pole-east", -102),
        ];
        var locator = new ReceptionLocator(registry, 1000);
        using var keys = new DeviceKeyCache(DeviceCount);

        // Warm-up: the cache prepares each device's key once, and tiered compilation settles.
        Assert.Equal(DeviceCount, Decode(frames, registry, keys, locator, receptions, 1));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = Decode(frames, registry, keys, locator, receptions, Rounds);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DeviceCount * Rounds, accepted);
        Assert.Equal(0, allocated);
    }

    private static int Decode(byte[][] frames, DeviceRegistry registry, DeviceKeyCache keys, ReceptionLocator locator, List<Reception> receptions, int rounds)
    {
        var accepted = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var bytes in frames)
            {
                if (RadioFrameReader.Read(bytes, out var frame) == RadioFrameError.None &&
                    registry.TryGetDevice(frame.DeviceId, out var device) &&
                    RadioFrameReader.VerifyMic(bytes, keys.Get(device)) == RadioFrameError.None &&
                    locator.Locate(frame, receptions) is { Source: LocationSource.Receivers })
                {
                    accepted++;
                }
            }
        }

        return accepted;
    }

    private static Device Device(uint id) => new()
    {
        Id = id,
        Kind = DeviceKind.ElderWristband,
        Key = DeviceKey.FromBytes(PipelineHarness.KeyOf(id)),
        DisplayName = $"wristband {id}",
        CommunityId = "wufu",
        Owner = "owner",
    };

    private static Receiver Fixed(string id, GeoPoint position) =>
        new() { Id = id, Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Position = position, RangeMetres = 90 };

    private static Reception Heard(string receiverId, double rssi) =>
        new(receiverId, PipelineHarness.Start, rssi, 7.5, null, UplinkTransport.Serial);

    private static byte[] Sign(in RadioFrame frame, Device device)
    {
        using var cmac = new AesCmac(device.Key.Bytes);
        return RadioFrameWriter.ToArray(frame, cmac);
    }
}
