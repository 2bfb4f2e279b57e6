using System.Buffers;
using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Reads a network server's MQTT message (topic and JSON payload) into a <see cref="LoRaWanUplink"/>: ChirpStack v4,
/// ChirpStack v3 (both topic styles) and The Things Stack v3. Never throws on any input: everything that is not
/// an uplink comes back as a <see cref="LoRaWanParseStatus"/> with a short reason. Thread-safe.
/// </summary>
/// <remarks>
/// One forward pass of a <see cref="Utf8JsonReader"/> over the payload where it lies (also when MQTTnet hands it over
/// in several segments): the few fields the gateway uses are read, everything else is skipped unread, and the only
/// objects made are the uplink, its frame, its reception list and the DevEUI; gateway and application ids come from
/// small caches. A string field the gateway reads must be valid Unicode (<see cref="JsonFields"/>).
/// </remarks>
public static class LoRaWanMessageParser
{
    /// <summary>
    /// The largest message read. An uplink event with a few dozen gateways is a few KiB; anything past this is
    /// rejected before it is parsed.
    /// </summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>Receptions kept per uplink: a message listing more gateways is cut here, so one message cannot fan out without bound.</summary>
    public const int MaxReceptions = 32;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    /// <summary>Reads a message whose payload may be split over several buffers (as MQTTnet delivers it).</summary>
    public static LoRaWanParseResult Parse(string? topic, in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return Parse(topic, payload.FirstSpan);
        }

        if (Classify(topic, out var parsedTopic) is { } notAnUplink)
        {
            return notAnUplink;
        }

        if (payload.Length > MaxMessageBytes)
        {
            return Oversize(payload.Length);
        }

        // Read where it lies: the reader follows the segments, and the fields read are copied out of them.
        var reader = new Utf8JsonReader(WithoutByteOrderMark(payload), ReaderOptions);
        return Read(parsedTopic, ref reader);
    }

    /// <summary>Reads a message.</summary>
    public static LoRaWanParseResult Parse(string? topic, ReadOnlySpan<byte> payload)
    {
        if (Classify(topic, out var parsedTopic) is { } notAnUplink)
        {
            return notAnUplink;
        }

        if (payload.Length > MaxMessageBytes)
        {
            return Oversize(payload.Length);
        }

        var reader = new Utf8JsonReader(WithoutByteOrderMark(payload), ReaderOptions);
        return Read(parsedTopic, ref reader);
    }

    /// <summary>
    /// The first byte of an uplink's frame, found without parsing the message: the reader skips to the frame field
    /// (ChirpStack <c>data</c>, The Things Stack <c>uplink_message.frm_payload</c>), stops there and decodes the
    /// field on the stack. False for anything else (another topic, an oversize message, no frame field before the
    /// JSON stops being JSON, text longer than any SafeCommunity frame). Allocates nothing.
    /// </summary>
    /// <remarks>
    /// A hint, not a verdict: the rest of the message is not checked, and a field given twice counts here as its
    /// first occurrence. The embedded broker uses it to let alarm events past a full backlog; the receiver still
    /// parses every message with <see cref="Parse(string?, in ReadOnlySequence{byte})"/>.
    /// </remarks>
    public static bool TryReadFirstFrameByte(string? topic, in ReadOnlySequence<byte> payload, out byte first)
    {
        first = 0;
        var kind = LoRaWanTopic.KindOf(topic);
        if (kind is not (LoRaWanTopicKind.ChirpStackUplink or LoRaWanTopicKind.ChirpStackLegacyUplink or LoRaWanTopicKind.TheThingsStackUplink) ||
            payload.Length > MaxMessageBytes)
        {
            return false;
        }

        var reader = new Utf8JsonReader(WithoutByteOrderMark(payload), ReaderOptions);
        try
        {
            var found = reader.Read() && (kind == LoRaWanTopicKind.TheThingsStackUplink
                ? MoveToProperty(ref reader, "uplink_message"u8) && MoveToProperty(ref reader, "frm_payload"u8)
                : MoveToProperty(ref reader, "data"u8));
            return found && UplinkPayload.TryReadFirstByte(ref reader, out first);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// From the <c>{</c> of an object the reader is on, moves to the value of the object's first property
    /// <paramref name="name"/>; false when the reader is not on an object or the object has no such property.
    /// </summary>
    private static bool MoveToProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Span<byte> property = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, property, out var length))
        {
            if (property[..length].SequenceEqual(name))
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// Reads the whole message. Utf8JsonReader checks every token, also those skipped, so anything that is not one
    /// well-formed JSON value is <see cref="LoRaWanParseStatus.NotJson"/> before any field's verdict counts.
    /// </summary>
    private static LoRaWanParseResult Read(in LoRaWanTopic topic, ref Utf8JsonReader reader)
    {
        try
        {
            // An empty payload throws here: there is no JSON token in it.
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return EndsAfterValue(ref reader)
                    ? LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload is not a JSON object")
                    : BytesAfterValue;
            }

            var result = topic.Kind == LoRaWanTopicKind.TheThingsStackUplink
                ? TheThingsStackUplinkParser.Parse(topic, ref reader)
                : ChirpStackUplinkParser.Parse(topic, ref reader);
            return EndsAfterValue(ref reader) ? result : BytesAfterValue;
        }
        catch (JsonException)
        {
            return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload is not JSON");
        }
        catch (InvalidOperationException)
        {
            // Well-formed JSON whose string cannot be read as text (JsonFields): not JSON, which must be Unicode.
            return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "a field the gateway reads is not valid Unicode text");
        }
    }

    private static LoRaWanParseResult BytesAfterValue =>
        LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload has bytes after its JSON value");

    /// <summary>Whether nothing but white space (or comments) follows the value the reader has just finished.</summary>
    private static bool EndsAfterValue(ref Utf8JsonReader reader)
    {
        try
        {
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // A UTF-8 byte order mark is not JSON, but a hand-made test publisher may add one.
    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> payload) =>
        payload.StartsWith(ByteOrderMark) ? payload[ByteOrderMark.Length..] : payload;

    private static ReadOnlySequence<byte> WithoutByteOrderMark(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length < ByteOrderMark.Length)
        {
            return payload;
        }

        // The mark may itself be split over the first segments.
        Span<byte> start = stackalloc byte[ByteOrderMark.Length];
        payload.Slice(0, start.Length).CopyTo(start);
        return start.SequenceEqual(ByteOrderMark) ? payload.Slice(start.Length) : payload;
    }

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Null for an uplink topic; otherwise the result for an ignored event or an unknown topic.</summary>
    private static LoRaWanParseResult? Classify(string? topic, out LoRaWanTopic parsed)
    {
        parsed = LoRaWanTopic.Parse(topic);
        return parsed.Kind switch
        {
            LoRaWanTopicKind.ChirpStackUplink or LoRaWanTopicKind.ChirpStackLegacyUplink or LoRaWanTopicKind.TheThingsStackUplink => null,
            LoRaWanTopicKind.OtherEvent => LoRaWanParseResult.Failure(LoRaWanParseStatus.IgnoredEvent, parsed.Event ?? "event"),
            _ => LoRaWanParseResult.Failure(LoRaWanParseStatus.UnknownTopic, "not a ChirpStack or The Things Stack uplink topic"),
        };
    }

    private static LoRaWanParseResult Oversize(long length) =>
        LoRaWanParseResult.Failure(LoRaWanParseStatus.Oversize, $"{length} bytes, more than {MaxMessageBytes}");
}
