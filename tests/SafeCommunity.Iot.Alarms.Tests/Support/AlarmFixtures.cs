using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Alarms.Tests.Support;

/// <summary>A small Wufu deployment (two receivers, an e-bike chip, a wristband) and the uplinks and intents the rules see.</summary>
internal static class AlarmFixtures
{
    public const uint Chip = 0x11000001;
    public const uint Wristband = 0x22000001;
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly GeoPoint Gate = new(25.1030, 105.4690);

    public static DeviceRegistry Registry()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [new Community { Id = "wufu", Name = "Wufu", PoliceRoom = "Wufu police room" }],
            [
                new Receiver { Id = "gate-north", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Position = Gate, RangeMetres = 90 },
                new Receiver { Id = "patrol-1", Kind = ReceiverKind.Mobile, CommunityId = "wufu", RangeMetres = 100 },
            ],
            [Device(Chip, DeviceKind.EbikeChip, "Zhang's e-bike"), Device(Wristband, DeviceKind.ElderWristband, "Grandma Wang")]));
        return registry;
    }

    public static Device Device(uint id, DeviceKind kind, string name) => new()
    {
        Id = id,
        Kind = kind,
        Key = DeviceKey.FromBytes(new byte[16]),
        DisplayName = name,
        CommunityId = "wufu",
        Owner = "owner-wf-001",
    };

    public static AcceptedUplink Uplink(
        DeviceRegistry registry, in RadioFrame frame, DateTimeOffset at, Location? location = null, bool duplicate = false)
    {
        registry.TryGetDevice(frame.DeviceId, out var device);
        return new AcceptedUplink(
            device!, frame, [new Reception("gate-north", at, -92, 7.5, Gate, UplinkTransport.Serial)], location, duplicate);
    }

    public static AlarmIntent Sos(uint device, DateTimeOffset at) => new()
    {
        Kind = AlarmKind.Sos,
        Severity = AlarmSeverity.Critical,
        ConditionKey = "sos",
        DeviceId = device,
        Subject = "Grandma Wang",
        HomeCommunityId = "wufu",
        At = at,
    };

    public static AlarmIntent LowBattery(uint device, DateTimeOffset at) => new()
    {
        Kind = AlarmKind.LowBattery,
        Severity = AlarmSeverity.Medium,
        ConditionKey = "battery",
        DeviceId = device,
        Subject = "Grandma Wang",
        HomeCommunityId = "wufu",
        At = at,
    };
}
