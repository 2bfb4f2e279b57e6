namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>What an MQTT topic says about a network server message.</summary>
internal enum LoRaWanTopicKind
{
    /// <summary>Not a network server topic the receiver understands.</summary>
    Unknown = 0,

    /// <summary><c>application/{id}/device/{devEui}/event/up</c> (ChirpStack v4, or v3.11+).</summary>
    ChirpStackUplink,

    /// <summary><c>application/{id}/device/{devEUI}/rx</c> (ChirpStack before v3.11).</summary>
    ChirpStackLegacyUplink,

    /// <summary><c>v3/{app}[@{tenant}]/devices/{device id}/up</c> (The Things Stack v3).</summary>
    TheThingsStackUplink,

    /// <summary>Another event or command of a known network server (join, ack, status, down/push, ...).</summary>
    OtherEvent,
}

/// <summary>
/// A network server topic taken apart. ChirpStack: <c>application/{application id}/device/{DevEUI}/event/{event}</c>
/// (v4 and v3.11+), <c>application/{application id}/device/{DevEUI}/{rx|join|ack|error|status|location|txack}</c>
/// (older v3) and <c>.../command/down</c>; The Things Stack: <c>v3/{application id}[@{tenant id}]/devices/{device id}/{up|join|down/...|...}</c>.
/// </summary>
/// <param name="Kind">What the topic is.</param>
/// <param name="ApplicationId">The application segment (without the tenant).</param>
/// <param name="TenantId">The Things Stack tenant, when the topic has <c>@tenant</c>.</param>
/// <param name="Device">The DevEUI (ChirpStack) or device id (The Things Stack) segment, as written.</param>
/// <param name="Event">The event name ("up", "join", "down/push", ...), for counting and logs.</param>
internal readonly record struct LoRaWanTopic(LoRaWanTopicKind Kind, string? ApplicationId, string? TenantId, string? Device, string? Event)
{
    /// <summary>
    /// Application ids, tenants and event names repeat in every message: kept as shared strings (a handful per
    /// deployment). Device ids are not, there are too many.
    /// </summary>
    internal static readonly StringCache Names = new(1_024);

    // The longest topic we understand has 7 segments (v3/app/devices/id/down/push + 1 spare to detect longer ones).
    private const int MaxSegments = 9;

    /// <summary>Reads a topic; anything unexpected is <see cref="LoRaWanTopicKind.Unknown"/>. Never throws.</summary>
    public static LoRaWanTopic Parse(string? topic)
    {
        var segments = Split(topic);
        if (segments.Kind == LoRaWanTopicKind.Unknown)
        {
            return default;
        }

        var text = topic.AsSpan();
        return new LoRaWanTopic(
            segments.Kind,
            Names.Get(text[segments.Application]),
            segments.Tenant is { } tenant ? Names.Get(text[tenant]) : null,
            topic![segments.Device],
            Names.Get(text[segments.Event]));
    }

    /// <summary>What <see cref="Parse"/> would say the topic is, without building its strings.</summary>
    public static LoRaWanTopicKind KindOf(string? topic) => Split(topic).Kind;

    private static Segments Split(string? topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > 1024)
        {
            return default;
        }

        var text = topic.AsSpan();
        Span<Range> parts = stackalloc Range[MaxSegments];
        var count = text.Split(parts, '/');
        if (count == MaxSegments)
        {
            return default;
        }

        for (var i = 0; i < count; i++)
        {
            if (text[parts[i]].IsEmpty)
            {
                return default;
            }
        }

        if (count is 5 or 6 && text[parts[0]].SequenceEqual("application") && text[parts[2]].SequenceEqual("device"))
        {
            return ChirpStack(text, parts[..count]);
        }

        if (count >= 5 && text[parts[0]].SequenceEqual("v3") && text[parts[2]].SequenceEqual("devices"))
        {
            return TheThingsStack(text, parts[..count]);
        }

        return default;
    }

    private static Segments ChirpStack(ReadOnlySpan<char> text, ReadOnlySpan<Range> parts)
    {
        var fifth = text[parts[4]];
        if (parts.Length == 6)
        {
            if (fifth.SequenceEqual("event"))
            {
                var kind = text[parts[5]].SequenceEqual("up") ? LoRaWanTopicKind.ChirpStackUplink : LoRaWanTopicKind.OtherEvent;
                return new Segments(kind, parts[1], null, parts[3], parts[5]);
            }

            // The event is "command/{name}", both segments with the slash between them.
            return fifth.SequenceEqual("command")
                ? new Segments(LoRaWanTopicKind.OtherEvent, parts[1], null, parts[3], parts[4].Start..parts[5].End)
                : default;
        }

        // Before v3.11: application/{id}/device/{devEUI}/{rx|join|ack|error|status|location|txack}.
        if (fifth.SequenceEqual("rx"))
        {
            return new Segments(LoRaWanTopicKind.ChirpStackLegacyUplink, parts[1], null, parts[3], parts[4]);
        }

        return fifth is "join" or "ack" or "error" or "status" or "location" or "txack"
            ? new Segments(LoRaWanTopicKind.OtherEvent, parts[1], null, parts[3], parts[4])
            : default;
    }

    private static Segments TheThingsStack(ReadOnlySpan<char> text, ReadOnlySpan<Range> parts)
    {
        var owner = text[parts[1]];
        var at = owner.IndexOf('@');
        if (at == 0 || at == owner.Length - 1)
        {
            return default;
        }

        var start = parts[1].Start.Value;
        var application = at < 0 ? parts[1] : start..(start + at);
        Range? tenant = at < 0 ? null : (start + at + 1)..parts[1].End.Value;
        var name = parts[4].Start..parts[^1].End;
        var kind = parts.Length == 5 && text[name] is "up" ? LoRaWanTopicKind.TheThingsStackUplink : LoRaWanTopicKind.OtherEvent;
        return new Segments(kind, application, tenant, parts[3], name);
    }

    /// <summary>Where each part of a topic is, before any string is made of it.</summary>
    private readonly record struct Segments(LoRaWanTopicKind Kind, Range Application, Range? Tenant, Range Device, Range Event);
}
