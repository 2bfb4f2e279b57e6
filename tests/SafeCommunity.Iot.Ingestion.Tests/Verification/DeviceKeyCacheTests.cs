using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Ingestion.Verification;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Ingestion.Tests.Verification;

public sealed class DeviceKeyCacheTests
{
    private static readonly byte[] Message = [0x01, 0x11, 0x00, 0x00, 0x01, 0x2A, 0x00, 0x00, 0x00, 0x00, 0x55, 0x99];

    [Fact]
    public void Get_MoreDevicesThanSlots_EveryDeviceGetsItsOwnKey()
    {
        using var cache = new DeviceKeyCache(capacity: 2);
        var devices = Enumerable.Range(1, 5).Select(i => Device((uint)i, KeyOf((byte)i))).ToArray();

        // Round after round, each device's slot has been given to another device in between.
        for (var round = 0; round < 3; round++)
        {
            foreach (var device in devices)
            {
                Assert.Equal(MicOf(device.Key), cache.Get(device).ComputeMic(Message));
            }
        }

        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Get_DeviceReEnrolledWithANewKey_UsesTheNewKey()
    {
        using var cache = new DeviceKeyCache(capacity: 4);
        var before = Device(7, KeyOf(1));
        var after = Device(7, KeyOf(2));
        Assert.Equal(MicOf(before.Key), cache.Get(before).ComputeMic(Message));

        Assert.Equal(MicOf(after.Key), cache.Get(after).ComputeMic(Message));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Get_MissWhenFull_AllocatesNothing()
    {
        using var cache = new DeviceKeyCache(capacity: 16);
        var devices = Enumerable.Range(1, 64).Select(i => Device((uint)i, KeyOf((byte)i))).ToArray();
        foreach (var device in devices)
        {
            cache.Get(device).ComputeMic(Message);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
        {
            foreach (var device in devices)
            {
                cache.Get(device).ComputeMic(Message);
            }
        }

        // Only where the AES instructions exist: the platform's AES needs a new cipher context for a new key.
        if (AesCmac.HardwareAccelerated)
        {
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static byte[] KeyOf(byte seed) => [.. Enumerable.Range(0, 16).Select(i => (byte)(seed * 31 + i))];

    private static uint MicOf(DeviceKey key)
    {
        using var cmac = new AesCmac(key.Bytes);
        return cmac.ComputeMic(Message);
    }

    private static Device Device(uint id, byte[] key) => new()
    {
        Id = id,
        Kind = DeviceKind.EbikeChip,
        Key = DeviceKey.FromBytes(key),
        DisplayName = "test",
        CommunityId = "wufu",
        Owner = "owner",
    };
}
