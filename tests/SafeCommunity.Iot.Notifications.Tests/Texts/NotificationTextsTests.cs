using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Notifications.Tests.Support;
using SafeCommunity.Iot.Notifications.Texts;

namespace SafeCommunity.Iot.Notifications.Tests.Texts;

/// <summary>Every text fits one SMS and still says who, what, where and when.</summary>
public sealed class NotificationTextsTests
{
    private static readonly DeviceRegistry Registry = NewRegistry();

    [Theory]
    [InlineData(NotificationLanguages.Chinese, "王奶奶的手环离开安全区，王家小区安全区（五福社区），25.10101,105.46905，08:35")]
    [InlineData(NotificationLanguages.English, "王奶奶的手环: left safe zone at 王家小区安全区 (五福社区) 25.10101,105.46905 08:35")]
    public void Write_AFenceAlarm_SaysWhoWhatWhereAndTheLocalTime(string language, string expected)
    {
        var (subject, text) = NotificationTexts.Write(Event(Alarm("王奶奶的手环", "left 王家小区安全区")), NotificationLevel.Watcher, language, Registry);
        Assert.Equal(expected, text);
        Assert.Contains("王奶奶的手环", subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationLanguages.Chinese)]
    [InlineData(NotificationLanguages.English)]
    public void Write_VeryLongLabelAndFence_FitsOneSmsKeepingWhatHappenedAndTheCoordinate(string language)
    {
        var label = string.Concat(Enumerable.Repeat("王奶奶的智能安全手环", 10));
        var fence = "left " + string.Concat(Enumerable.Repeat("王家小区东门安全区域", 10));
        foreach (var level in Enum.GetValues<NotificationLevel>())
        {
            var (_, text) = NotificationTexts.Write(Event(Alarm(label, fence)), level, language, Registry);
            Assert.InRange(text.Length, 1, OutboxNotification.MaxTextLength);
            Assert.Contains(NotificationTexts.What(AlarmKind.LeftSafeZone, language == NotificationLanguages.Chinese), text, StringComparison.Ordinal);
            Assert.Contains("25.10101,105.46905", text, StringComparison.Ordinal);
            Assert.Contains("王奶奶", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_ALabelOfSurrogatePairs_IsNeverCutInsideOne()
    {
        var label = string.Concat(Enumerable.Repeat("𠀀", 60));
        var (_, text) = NotificationTexts.Write(Event(Alarm(label, "left 安全区")), NotificationLevel.Watcher, NotificationLanguages.Chinese, Registry);
        Assert.InRange(text.Length, 1, OutboxNotification.MaxTextLength);
        for (var i = 0; i < text.Length; i++)
        {
            Assert.False(char.IsHighSurrogate(text[i]) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])), $"lone high surrogate at {i}");
            Assert.False(char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])), $"lone low surrogate at {i}");
        }
    }

    [Fact]
    public void Payload_IsJsonWithTheIdempotencyKeyAndNoSecret()
    {
        var alarmEvent = Event(Alarm("王奶奶的手环", "left 王家小区安全区"));
        var payload = NotificationTexts.Payload(alarmEvent, NotificationLevel.DutyOfficer, NotificationLanguages.Chinese, "text", Registry);
        using var json = System.Text.Json.JsonDocument.Parse(payload);
        Assert.Equal("alarm-7-event-42", json.RootElement.GetProperty("idempotencyKey").GetString());
        Assert.Equal("duty-officer", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("raised", json.RootElement.GetProperty("event").GetString());
        Assert.Equal(25.1010123, json.RootElement.GetProperty("location").GetProperty("lat").GetDouble());
    }

    private static AlarmEvent Event(Alarm alarm) => new(42, AlarmEventType.Raised, NotificationRig.T0, alarm, null);

    private static Alarm Alarm(string subject, string detail) => new()
    {
        Id = 7,
        Kind = AlarmKind.LeftSafeZone,
        Severity = AlarmSeverity.Critical,
        ConditionKey = "fence:home",
        DeviceId = NotificationRig.ElderId,
        Subject = subject,
        HomeCommunityId = NotificationRig.Wufu,
        Location = new Location(new GeoPoint(25.1010123, 105.4690456), 12.5, LocationSource.Gnss, NotificationRig.T0),
        FirstSeen = NotificationRig.T0,
        LastSeen = NotificationRig.T0,
        Detail = detail,
    };

    private static DeviceRegistry NewRegistry()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents([new Community { Id = NotificationRig.Wufu, Name = "五福社区", PoliceRoom = "p" }], [], []));
        return registry;
    }
}
