using System.Buffers;
using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Reads a network server's MQTT message (topic and JSON payload) into a <see cref="LoRaWanUplink"/>: ChirpStack v4,
/// ChirpStack v3 (both topic styles) and The Things Stack v3. Never throws on any input: everything that is not
/// an uplink comes back as a <see cref="LoRaWanParseStatus"/> with a short reason. Thread-safe.
/// </summary>
public static class LoRaWanMessageParser
{
    /// <summary>
    /// The largest message read. An uplink event with a few dozen gateways is a few KiB; anything past this is
    /// rejected before it is parsed.
    /// </summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>Receptions kept per uplink: a message listing more gateways is cut here, so one message cannot fan out without bound.</summary>
    public const int MaxReceptions = 32;

    private static readonly JsonDocumentOptions DocumentOptions = new()
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

        if (payload.Length > MaxMessageBytes)
        {
            return Classify(topic, out _) is { } early ? early : Oversize(payload.Length);
        }

        var length = (int)payload.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(buffer);
            return Parse(topic, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

        // A UTF-8 byte order mark is not JSON, but a hand-made test publisher may add one.
        if (payload.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            payload = payload[3..];
        }

        var reader = new Utf8JsonReader(payload, new JsonReaderOptions
        {
            AllowTrailingCommas = DocumentOptions.AllowTrailingCommas,
            CommentHandling = DocumentOptions.CommentHandling,
            MaxDepth = DocumentOptions.MaxDepth,
        });

        JsonDocument document;
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var parsed) || parsed is null)
            {
                return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload is empty or truncated JSON");
            }

            document = parsed;
        }
        catch (JsonException)
        {
            return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload is not JSON");
        }

        using (document)
        {
            // Anything but whitespace after the value is not one JSON document.
            if (reader.BytesConsumed < payload.Length && !IsWhitespace(payload[(int)reader.BytesConsumed..]))
            {
                return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload has bytes after its JSON value");
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload is not a JSON object");
            }

            try
            {
                return parsedTopic.Kind == LoRaWanTopicKind.TheThingsStackUplink
                    ? TheThingsStackUplinkParser.Parse(parsedTopic, root)
                    : ChirpStackUplinkParser.Parse(parsedTopic, root);
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
            {
                // The readers check every kind before use; this is a last guard so a surprise never escapes.
                return LoRaWanParseResult.Failure(LoRaWanParseStatus.NotJson, "the payload has an unexpected shape");
            }
        }
    }

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

    private static bool IsWhitespace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
