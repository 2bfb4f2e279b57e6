using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Core.Tests.Registry;

public sealed class DeviceRegistryTests
{
    private static Device Wristband(uint id, string? devEui, string? nsId = null) => new()
    {
        Id = id,
        Kind = DeviceKind.ElderWristband,
        Key = DeviceKey.FromBytes(new byte[16]),
        DisplayName = "Grandma Wang",
        CommunityId = "wufu",
        Owner = "household-wf-001",
        DevEui = devEui,
        NetworkServerDeviceId = nsId,
    };

    [Fact]
    public void TryGetDeviceByDevEui_AnyCase_FindsTheDevice()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents([], [], [Wristband(7, "0004a30b001c0530", "wb-wf-001")]));

        Assert.True(registry.TryGetDeviceByDevEui("0004A30B001C0530", out var byEui));
        Assert.True(registry.TryGetDeviceByNetworkServerId("wb-wf-001", out var byNsId));
        Assert.Equal(7u, byEui.Id);
        Assert.Same(byEui, byNsId);
    }

    [Fact]
    public void Apply_ReplacedDevice_DropsItsOldAliases()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents([], [], [Wristband(7, "0004a30b001c0530")]));

        registry.Apply(new RegistryContents([], [], [Wristband(7, "0004a30b001c0531")]));

        Assert.False(registry.TryGetDeviceByDevEui("0004a30b001c0530", out _));
        Assert.True(registry.TryGetDeviceByDevEui("0004a30b001c0531", out _));
        Assert.Equal(1, registry.DeviceCount);
    }

    [Fact]
    public void Apply_TwoDevicesSwappingDevEuis_BothStayFindable()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents([], [], [Wristband(1, "00000000000000aa"), Wristband(2, "00000000000000bb")]));

        registry.Apply(new RegistryContents([], [], [Wristband(1, "00000000000000bb"), Wristband(2, "00000000000000aa")]));

        Assert.True(registry.TryGetDeviceByDevEui("00000000000000aa", out var a));
        Assert.True(registry.TryGetDeviceByDevEui("00000000000000bb", out var b));
        Assert.Equal(2u, a.Id);
        Assert.Equal(1u, b.Id);
    }

    [Fact]
    public void RemoveDevice_ForgetsItAndItsAliases()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents([], [], [Wristband(7, "0004a30b001c0530", "wb-1")]));

        Assert.True(registry.RemoveDevice(7));

        Assert.False(registry.TryGetDevice(7, out _));
        Assert.False(registry.TryGetDeviceByDevEui("0004a30b001c0530", out _));
        Assert.False(registry.TryGetDeviceByNetworkServerId("wb-1", out _));
        Assert.False(registry.RemoveDevice(7));
    }

    [Fact]
    public void DeviceKey_NeverShowsItselfAsText()
    {
        var key = DeviceKey.FromBytes(Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c"));
        var device = Wristband(9, null) with { Key = key };

        Assert.DoesNotContain("2b7e", key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("2b7e", device.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(DeviceKey.TryParseHex("2B7E151628AED2A6ABF7158809CF4F3C", out var parsed));
        Assert.Equal(key, parsed);
        Assert.False(DeviceKey.TryParseHex("2b7e", out _));
        Assert.False(DeviceKey.TryParseHex("zz7e151628aed2a6abf7158809cf4f3c", out _));
    }
}
