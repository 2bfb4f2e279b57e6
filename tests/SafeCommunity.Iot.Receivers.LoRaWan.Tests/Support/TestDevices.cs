using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>A small registry: a ChirpStack chip (DevEUI), a The Things Stack wristband (device id and DevEUI), a serial-only chip.</summary>
internal static class TestDevices
{
    public const uint ChirpStackChip = 0x11000001;
    public const string ChirpStackChipDevEui = "0101010101010101";
    public const uint TtsWristband = 0x22000001;
    public const string TtsWristbandDevEui = "0004a30b001c0530";
    public const string TtsWristbandDeviceId = "dev1";
    public const uint SerialChip = 0x33000001;

    public static byte[] KeyOf(uint deviceId)
    {
        var key = new byte[16];
        BitConverter.TryWriteBytes(key, deviceId);
        key[15] = 0xA5;
        return key;
    }

    public static DeviceRegistry CreateRegistry()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [new Community { Id = "wufu", Name = "Wufu", PoliceRoom = "Wufu police room" }],
            [],
            [
                Device(ChirpStackChip, DeviceKind.EbikeChip) with { DevEui = ChirpStackChipDevEui },
                Device(TtsWristband, DeviceKind.ElderWristband) with { DevEui = TtsWristbandDevEui, NetworkServerDeviceId = TtsWristbandDeviceId },
                Device(SerialChip, DeviceKind.EbikeChip),
            ]));
        return registry;
    }

    public static byte[] Sign(in RadioFrame frame)
    {
        using var cmac = new AesCmac(KeyOf(frame.DeviceId));
        return RadioFrameWriter.ToArray(frame, cmac);
    }

    public static byte[] Beacon(uint deviceId, uint counter) =>
        Sign(RadioFrame.Beacon(deviceId, counter, DeviceStatusFlags.Armed, 80));

    private static Device Device(uint id, DeviceKind kind) => new()
    {
        Id = id,
        Kind = kind,
        Key = DeviceKey.FromBytes(KeyOf(id)),
        DisplayName = $"test device {id:x8}",
        CommunityId = "wufu",
        Owner = "owner-wf-001",
    };
}
