using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.History.Tests.Support;

/// <summary>The community, receivers and bike the history tests use (as in the seed deployment of Anlong County).</summary>
internal static class Fleet
{
    public static Community Wufu { get; } = new() { Id = "wufu", Name = "五福社区 Wufu", PoliceRoom = "五福社区警务室" };

    public static Receiver NorthGate { get; } = new()
    {
        Id = "wufu-gate-north", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Name = "五福北门",
        Position = new GeoPoint(25.102444, 105.469198), RangeMetres = 100,
    };

    public static Receiver SouthGate { get; } = new()
    {
        Id = "wufu-gate-south", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Name = "五福南门",
        Position = new GeoPoint(25.0968, 105.4702), RangeMetres = 100,
    };

    public static Device Bike { get; } = new()
    {
        Id = 285212673,
        Kind = DeviceKind.EbikeChip,
        Key = DeviceKey.FromBytes(new byte[16]),
        DisplayName = "雅迪电动车 蓝 (Yadea e-bike, blue)",
        CommunityId = "wufu",
        Owner = "owner-wf-001",
    };

    /// <summary>Where the bike is at minute <paramref name="minute"/> of a trail: a slow loop between the gates.</summary>
    public static GeoPoint Along(int minute) =>
        new(25.0995 + (0.0025 * Math.Sin(minute / 300.0)), 105.4697 + (0.003 * Math.Cos(minute / 300.0)));
}
