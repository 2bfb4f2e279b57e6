using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Storage.Tests.Alarms;

/// <summary>Alarms, events and theft reports for tests, and comparisons that look into the receiver id lists.</summary>
internal static class AlarmTestData
{
    private static readonly string[] NoIds = [];

    /// <summary>A stolen bike heard in another community: every optional field set.</summary>
    public static Alarm StolenBike(long id, uint deviceId = 285212673) => new()
    {
        Id = id,
        Kind = AlarmKind.StolenBikeSighted,
        Severity = AlarmSeverity.Critical,
        ConditionKey = $"theft:{deviceId}",
        DeviceId = deviceId,
        ReceiverId = "tiangu-gate-north",
        Subject = "雅迪电动车 蓝 (Yadea e-bike, blue) \"quoted\"",
        HomeCommunityId = "wufu",
        SeenCommunityId = "tiangu",
        Location = new Location(new GeoPoint(25.1134567, -105.4712345), 95.5, LocationSource.Receivers, TestData.T0.AddSeconds(-2)),
        ReceiverIds = ["tiangu-gate-north", "tiangu-patrol-car-1"],
        FirstSeen = TestData.T0,
        LastSeen = TestData.T0.AddSeconds(5),
        Count = 2,
        Detail = "heard by tiangu-gate-north",
    };

    /// <summary>A receiver alarm: no device, no location, no receiver ids, nothing optional.</summary>
    public static Alarm ReceiverSilent(long id) => new()
    {
        Id = id,
        Kind = AlarmKind.ReceiverSilent,
        Severity = AlarmSeverity.Medium,
        ConditionKey = "receiver-silent",
        Subject = "五福北门 (Wufu north gate)",
        HomeCommunityId = "wufu",
        FirstSeen = TestData.T0,
        LastSeen = TestData.T0,
    };

    /// <summary>An SOS of a wristband with a GNSS fix.</summary>
    public static Alarm Sos(long id, uint deviceId = 570425345) => new()
    {
        Id = id,
        Kind = AlarmKind.Sos,
        Severity = AlarmSeverity.Critical,
        ConditionKey = "sos",
        DeviceId = deviceId,
        Subject = "王奶奶 (Grandma Wang)",
        HomeCommunityId = "tiangu",
        SeenCommunityId = "tiangu",
        Location = TestData.Fix(TestData.T0),
        ReceiverIds = ["tiangu-gate-south"],
        FirstSeen = TestData.T0,
        LastSeen = TestData.T0,
    };

    public static AlarmEvent Event(long sequence, AlarmEventType type, Alarm alarm, string? actor = null) =>
        new(sequence, type, alarm.LastSeen.AddMilliseconds(sequence), alarm, actor);

    public static TheftReport Theft(uint deviceId = 285212673) => new()
    {
        Id = 0,
        DeviceId = deviceId,
        PoliceReportNumber = "安公(五福)受字[2026]0457号",
        StolenAt = TestData.T0.AddHours(-14),
        LastSeenPlace = "五福小区 3 栋楼下 (under building 3)",
        Description = "blue Yadea, white basket",
        ReportedBy = "owner-wf-001",
        ReportedAt = TestData.T0.AddHours(-13),
    };

    /// <summary>Record equality plus the receiver ids by content (records compare lists by reference).</summary>
    public static void AssertSame(Alarm expected, Alarm? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ReceiverIds, actual.ReceiverIds);
        Assert.Equal(WithoutLists(expected), WithoutLists(actual));
    }

    public static void AssertSame(AlarmEvent expected, AlarmEvent actual)
    {
        AssertSame(expected.Alarm, actual.Alarm);
        Assert.Equal(expected with { Alarm = WithoutLists(expected.Alarm) }, actual with { Alarm = WithoutLists(actual.Alarm) });
    }

    public static void AssertSame(IReadOnlyList<AlarmEvent> expected, IReadOnlyList<AlarmEvent> actual)
    {
        Assert.Equal(expected.Select(e => e.Sequence), actual.Select(e => e.Sequence));
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSame(expected[i], actual[i]);
        }
    }

    private static Alarm WithoutLists(Alarm alarm) => alarm with { ReceiverIds = NoIds };
}
