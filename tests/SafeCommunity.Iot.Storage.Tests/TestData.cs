using System.Security.Cryptography;
using System.Text;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Storage.Tests;

/// <summary>Registry rows and states for tests.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 35, 59, 123, TimeSpan.Zero);

    /// <summary>The seed's demo key for <paramref name="deviceId"/> (see Seed/README.md).</summary>
    public static string DemoKeyHex(uint deviceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"safecommunity-demo-key:{deviceId}")).AsSpan(0, 16));

    public static Community Community(string id) => new()
    {
        Id = id,
        Name = $"{id} 社区",
        PoliceRoom = $"{id} police room",
    };

    public static Receiver FixedReceiver(string id, string communityId) => new()
    {
        Id = id,
        Kind = ReceiverKind.FixedBaseStation,
        CommunityId = communityId,
        Position = new GeoPoint(25.1024, 105.4692),
        RangeMetres = 100,
        HardwareId = 0x52000101,
        Name = "北门 (north gate)",
    };

    public static Device Device(uint id, string communityId, string? devEui = null) => new()
    {
        Id = id,
        Kind = DeviceKind.EbikeChip,
        Key = DeviceKey.TryParseHex(DemoKeyHex(id), out var key) ? key! : throw new InvalidOperationException(),
        DisplayName = $"雅迪电动车 蓝 (Yadea e-bike, blue) {id}",
        CommunityId = communityId,
        Owner = "owner-wf-001",
        DevEui = devEui,
    };

    public static DeviceStateSnapshot State(uint deviceId, uint counter, Location? location = null) => new(
        DeviceId: deviceId,
        LastCounter: counter,
        SeenWindow: 0b1011,
        LastAcceptedAt: T0,
        Flags: DeviceStatusFlags.Armed,
        Battery: 87,
        LastSeen: T0.AddSeconds(1),
        LastReceiverId: "wufu-gate-north",
        LastLocation: location);

    public static Location Fix(DateTimeOffset at, double latitude = 25.1010123, double longitude = 105.4690456) =>
        new(new GeoPoint(latitude, longitude), 12.5, LocationSource.Gnss, at);

    public static TrailPoint Point(uint deviceId, DateTimeOffset at, string receiverId = "wufu-gate-north") =>
        new(deviceId, Fix(at), receiverId);
}
