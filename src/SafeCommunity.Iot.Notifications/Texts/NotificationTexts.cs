using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Notifications.Texts;

/// <summary>
/// The words of a notification: one SMS of at most <see cref="OutboxNotification.MaxTextLength"/> characters with the
/// device's label, what happened, where (the community and the fence, and a coordinate) and when; a subject line; and
/// the webhook's JSON body. Nothing secret goes in: no key, no token, no subscription secret.
/// </summary>
public static class NotificationTexts
{
    // The label is what gives way first when the text is too long, but never below this: "王奶奶手环" stays readable.
    private const int ShortestLabel = 4;

    /// <summary>The texts of <paramref name="alarmEvent"/> for a subscriber at <paramref name="level"/>.</summary>
    public static (string Subject, string Text) Write(
        AlarmEvent alarmEvent, NotificationLevel level, string language, DeviceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        ArgumentNullException.ThrowIfNull(registry);
        var alarm = alarmEvent.Alarm;
        var chinese = language != NotificationLanguages.English;
        var what = What(alarm.Kind, chinese);
        var escalation = level switch
        {
            NotificationLevel.DutyOfficer => chinese ? "【未确认】" : "UNACKNOWLEDGED ",
            NotificationLevel.Bureau => chinese ? "【上报分局】" : "TO BUREAU ",
            _ => string.Empty,
        };

        var community = CommunityName(alarm, registry);
        var fence = FenceName(alarm);
        var place = (fence, community) switch
        {
            ({ } f, { } c) => chinese ? $"{f}（{c}）" : $"{f} ({c})",
            ({ } f, null) => f,
            (null, { } c) => c,
            _ => null,
        };

        var coordinate = alarm.Location is { } location
            ? string.Create(CultureInfo.InvariantCulture, $"{location.Point.Latitude:F5},{location.Point.Longitude:F5}")
            : null;
        var time = LocalTime(alarmEvent.At, alarm, registry).ToString("HH:mm", CultureInfo.InvariantCulture);
        var label = alarm.Subject;
        var subject = chinese ? $"{escalation}{label}：{what}" : $"{escalation}{label}: {what}";
        return (Truncate(subject, 120), Compose(escalation, label, what, place, coordinate, time, chinese));
    }

    /// <summary>The webhook's JSON body: the event, the alarm and the text, with names in kebab case.</summary>
    public static string Payload(AlarmEvent alarmEvent, NotificationLevel level, string language, string text, DeviceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        ArgumentNullException.ThrowIfNull(registry);
        var alarm = alarmEvent.Alarm;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("idempotencyKey", OutboxNotification.IdempotencyKeyOf(alarm.Id, alarmEvent.Sequence));
            json.WriteNumber("alarmId", alarm.Id);
            json.WriteNumber("sequence", alarmEvent.Sequence);
            json.WriteString("event", Kebab(alarmEvent.Type.ToString()));
            json.WriteString("level", Kebab(level.ToString()));
            json.WriteString("at", alarmEvent.At.ToUniversalTime());
            json.WriteString("kind", Kebab(alarm.Kind.ToString()));
            json.WriteString("severity", Kebab(alarm.Severity.ToString()));
            if (alarm.DeviceId is { } deviceId)
            {
                json.WriteNumber("deviceId", deviceId);
            }

            json.WriteString("subject", alarm.Subject);
            json.WriteString("community", alarm.HomeCommunityId);
            if (alarm.SeenCommunityId is { } seen)
            {
                json.WriteString("seenCommunity", seen);
            }

            if (FenceName(alarm) is { } fence)
            {
                json.WriteString("fence", fence);
            }

            if (alarm.Location is { } location)
            {
                json.WriteStartObject("location");
                json.WriteNumber("lat", location.Point.Latitude);
                json.WriteNumber("lon", location.Point.Longitude);
                json.WriteNumber("accuracyM", location.AccuracyMetres);
                json.WriteString("at", location.At.ToUniversalTime());
                json.WriteEndObject();
            }

            json.WriteString("language", language);
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>What happened, in a few words.</summary>
    public static string What(AlarmKind kind, bool chinese) => kind switch
    {
        AlarmKind.Sos => chinese ? "按下SOS求救" : "pressed SOS",
        AlarmKind.Fall => chinese ? "疑似跌倒" : "may have fallen",
        AlarmKind.WristbandRemoved => chinese ? "手环被摘下" : "wristband taken off",
        AlarmKind.Tamper => chinese ? "防盗芯片被拆" : "chip removed",
        AlarmKind.MovedWhileArmed => chinese ? "布防中被移动" : "moved while armed",
        AlarmKind.StolenBikeSighted => chinese ? "被盗车辆出现" : "stolen bike sighted",
        AlarmKind.LeftSafeZone => chinese ? "离开安全区" : "left safe zone",
        AlarmKind.EnteredForbiddenZone => chinese ? "进入禁入区" : "entered forbidden zone",
        AlarmKind.SilentTooLong => chinese ? "长时间无信号" : "silent too long",
        AlarmKind.LowBattery => chinese ? "电量低" : "low battery",
        AlarmKind.ReceiverSilent => chinese ? "基站无状态" : "base station silent",
        AlarmKind.Security => chinese ? "疑似伪造信号" : "forged frames",
        _ => chinese ? "告警" : "alarm",
    };

    private static string Compose(
        string escalation, string label, string what, string? place, string? coordinate, string time, bool chinese)
    {
        var max = OutboxNotification.MaxTextLength;
        string Join(string l, string? p) => chinese
            ? $"{escalation}{l}{what}{(p is null ? string.Empty : "，" + p)}{(coordinate is null ? string.Empty : "，" + coordinate)}，{time}"
            : $"{escalation}{l}: {what}{(p is null ? string.Empty : " at " + p)}{(coordinate is null ? string.Empty : " " + coordinate)} {time}";

        // Give way in order: the label down to its shortest, then the place, then whatever is left at the end.
        var text = Join(label, place);
        if (text.Length > max)
        {
            var room = Math.Max(ShortestLabel, label.Length - (text.Length - max));
            label = Truncate(label, room);
            text = Join(label, place);
        }

        if (text.Length > max && place is not null)
        {
            var room = place.Length - (text.Length - max);
            text = Join(label, room >= ShortestLabel ? Truncate(place, room) : null);
        }

        return Truncate(text, max);
    }

    private static string Truncate(string value, int length)
    {
        if (value.Length <= length)
        {
            return value;
        }

        // Never cut a surrogate pair in half: a lone half is not a character and some gateways reject the message.
        var cut = length - 1;
        if (cut > 0 && char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return string.Concat(value.AsSpan(0, cut), "…");
    }

    private static string? CommunityName(Alarm alarm, DeviceRegistry registry)
    {
        var id = alarm.SeenCommunityId ?? alarm.HomeCommunityId;
        return registry.TryGetCommunity(id, out var community) ? community.Name : id;
    }

    // The device rules write a fence alarm's detail as "left <fence name>" or "entered <fence name>" (DeviceRules).
    private static string? FenceName(Alarm alarm)
    {
        if (alarm.Kind is not (AlarmKind.LeftSafeZone or AlarmKind.EnteredForbiddenZone) || alarm.Detail is not { } detail)
        {
            return null;
        }

        foreach (var prefix in (ReadOnlySpan<string>)["left ", "entered "])
        {
            if (detail.StartsWith(prefix, StringComparison.Ordinal) && detail.Length > prefix.Length)
            {
                return detail[prefix.Length..];
            }
        }

        return null;
    }

    private static DateTimeOffset LocalTime(DateTimeOffset at, Alarm alarm, DeviceRegistry registry)
    {
        var zoneId = registry.TryGetCommunity(alarm.HomeCommunityId, out var community) ? community.TimeZoneId : Community.DefaultTimeZone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at;
    }

    private static string Kebab(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}
