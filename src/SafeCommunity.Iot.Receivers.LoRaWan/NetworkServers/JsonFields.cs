using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>What a string field held.</summary>
internal enum JsonText
{
    /// <summary>Not a string (missing, null, a number, an object, ...), or the empty string.</summary>
    Missing,

    /// <summary>A non-empty string, copied out.</summary>
    Text,

    /// <summary>A non-empty string longer than the buffer it was to be copied into.</summary>
    TooLong,
}

/// <summary>A field read under one of its names: whether it held a non-empty string, and what that string meant.</summary>
/// <remarks>
/// A field with two names (<c>devEUI</c> / <c>devEui</c>) takes the first name holding a non-empty string, even when
/// that string turns out not to be an EUI: <c>Present</c> says which one decides.
/// </remarks>
internal readonly record struct TextField<T>(bool Present, T? Value);

/// <summary>
/// Lenient reads of the value the reader is on: a field may be null, a number written as a string, or of an
/// unexpected type; each read says "not there" instead of throwing, and leaves the reader on the value's last token
/// (an object or array it does not want is skipped whole), so the caller's next <c>Read</c> is the next property.
/// The reader was given the whole message, so <see cref="Utf8JsonReader.Skip"/> always can.
/// </summary>
/// <remarks>
/// Strings are copied out with <see cref="Utf8JsonReader.CopyString(Span{char})"/>, which unescapes and transcodes
/// them, and throws <see cref="InvalidOperationException"/> for text that is not valid Unicode (invalid UTF-8, an
/// escaped half of a surrogate pair); <see cref="LoRaWanMessageParser"/> turns that into
/// <see cref="LoRaWanParseStatus.NotJson"/>.
/// </remarks>
internal static class JsonFields
{
    /// <summary>
    /// The longest string copied to the stack: EUIs, gateway ids and timestamps are at most 64 characters once
    /// trimmed, numbers far shorter. A longer string is not an EUI, a gateway id, a time or a number (an application
    /// or device id that long is still read, onto the heap).
    /// </summary>
    public const int MaxTextLength = 128;

    /// <summary>
    /// Room for a property name: the longest the gateway reads is 15 bytes (<c>application_ids</c>). A longer name
    /// matches none of them.
    /// </summary>
    public const int MaxNameLength = 32;

    /// <summary>
    /// Moves to the next property of the object the reader is in: copies its name into <paramref name="name"/>
    /// (<paramref name="length"/> bytes, unescaped) and moves on to its value. False at the object's end.
    /// </summary>
    /// <remarks>
    /// The name is compared by the caller, so it is unescaped once, not once per name it is compared with. A name
    /// that cannot be one the gateway reads (longer than <see cref="MaxNameLength"/>, or escaped and not ASCII once
    /// unescaped) has length 0, which matches none.
    /// Unlike <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> this never throws on a name whose
    /// escape is half a surrogate pair: such a name is just another unknown field.
    /// </remarks>
    public static bool NextProperty(ref Utf8JsonReader reader, scoped Span<byte> name, out int length)
    {
        length = 0;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            length = CopyName(ref reader, name);
        }
        else if (reader.ValueSpan.TryCopyTo(name))
        {
            length = reader.ValueSpan.Length;
        }

        return reader.Read();
    }

    /// <summary>A name split over segments or escaped (both rare), copied and unescaped; apart so the common case needs no buffer.</summary>
    private static int CopyName(ref Utf8JsonReader reader, scoped Span<byte> name)
    {
        // Each character of a name is at most 6 bytes escaped (\uXXXX).
        Span<byte> copy = stackalloc byte[6 * MaxNameLength];
        var encoded = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (encoded > copy.Length)
        {
            return 0;
        }

        scoped ReadOnlySpan<byte> raw;
        if (reader.HasValueSequence)
        {
            reader.ValueSequence.CopyTo(copy);
            raw = copy[..(int)encoded];
        }
        else
        {
            raw = reader.ValueSpan;
        }

        if (reader.ValueIsEscaped)
        {
            return UnescapeAscii(raw, name);
        }

        return raw.TryCopyTo(name) ? raw.Length : 0;
    }

    /// <summary>
    /// Unescapes a name the reader has checked (every backslash starts a valid escape); 0 when it does not fit
    /// <paramref name="name"/> or holds anything but ASCII, as no name the gateway reads does.
    /// </summary>
    private static int UnescapeAscii(ReadOnlySpan<byte> escaped, Span<byte> name)
    {
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            int c = escaped[i];
            if (c == '\\' && i + 1 < escaped.Length)
            {
                c = escaped[++i];
                if (c == 'u')
                {
                    if (i + 4 >= escaped.Length ||
                        !ushort.TryParse(escaped.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        return 0;
                    }

                    c = code;
                    i += 4;
                }
                else
                {
                    // \" \\ \/ stand for themselves.
                    c = c switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => c };
                }
            }

            if (c > 0x7F || length == name.Length)
            {
                return 0;
            }

            name[length++] = (byte)c;
        }

        return length;
    }

    /// <summary>Copies a string value into <paramref name="destination"/>; <paramref name="length"/> is how much of it holds text.</summary>
    public static JsonText ReadText(ref Utf8JsonReader reader, scoped Span<char> destination, out int length)
    {
        length = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return JsonText.Missing;
        }

        // Unescaping and UTF-8 to UTF-16 only ever shorten the text, so its encoded length bounds the copy.
        var encoded = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (encoded == 0)
        {
            return JsonText.Missing;
        }

        if (encoded > destination.Length)
        {
            return JsonText.TooLong;
        }

        length = reader.CopyString(destination);
        return JsonText.Text;
    }

    /// <summary>
    /// A non-empty string, or null. <paramref name="known"/> (the same id from the topic) is handed back when the text is
    /// the same, and <paramref name="cache"/> (when given) supplies the string otherwise, so repeated ids cost nothing.
    /// </summary>
    public static string? ReadString(ref Utf8JsonReader reader, string? known, StringCache? cache)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (known is not null && reader.ValueTextEquals(known))
        {
            return known;
        }

        Span<char> text = stackalloc char[MaxTextLength];
        return ReadText(ref reader, text, out var length) switch
        {
            JsonText.Text => cache?.Get(text[..length]) ?? text[..length].ToString(),
            JsonText.TooLong => reader.GetString(),
            _ => null,
        };
    }

    /// <summary>An EUI field: present when it holds a non-empty string, with the EUI when the string is one.</summary>
    public static TextField<ulong?> ReadEui(ref Utf8JsonReader reader)
    {
        Span<char> text = stackalloc char[MaxTextLength];
        return ReadText(ref reader, text, out var length) switch
        {
            JsonText.Text => new(true, Eui.TryParse(text[..length], out var eui) ? eui : null),
            JsonText.TooLong => new(true, null),
            _ => default,
        };
    }

    /// <summary>A gateway id field: present when it holds a non-empty string, with the normalised id when it is one.</summary>
    public static TextField<string> ReadGatewayId(ref Utf8JsonReader reader)
    {
        Span<char> text = stackalloc char[MaxTextLength];
        return ReadText(ref reader, text, out var length) switch
        {
            JsonText.Text => new(true, GatewayIds.Normalize(text[..length])),
            JsonText.TooLong => new(true, null),
            _ => default,
        };
    }

    /// <summary>A finite number (or a string holding one), or null.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        // TryGetDouble reads 1e400 as infinity, which no signal or coordinate is.
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;
        }

        Span<char> text = stackalloc char[MaxTextLength];
        return ReadText(ref reader, text, out var length) == JsonText.Text &&
            double.TryParse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
                ? parsed
                : null;
    }

    /// <summary>A whole number in 0..uint.MaxValue (or a string holding one), or null.</summary>
    public static uint? ReadUInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetUInt32(out var number) ? number : null;
        }

        Span<char> text = stackalloc char[MaxTextLength];
        return ReadText(ref reader, text, out var length) == JsonText.Text &&
            uint.TryParse(text[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : null;
    }

    /// <summary>A timestamp (any number of fractional digits), or null.</summary>
    public static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
    {
        Span<char> text = stackalloc char[MaxTextLength];
        return ReadText(ref reader, text, out var length) == JsonText.Text && NetworkTimestamp.TryParse(text[..length], out var time)
            ? time
            : null;
    }

    /// <summary>
    /// A <c>location</c> object's latitude and longitude, when both are there, in range, and not 0,0 (what gateways
    /// without a GNSS fix or a configured position report).
    /// </summary>
    public static GeoPoint? ReadLocation(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        double? latitude = null;
        double? longitude = null;
        Span<byte> name = stackalloc byte[MaxNameLength];
        while (NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("latitude"u8))
            {
                latitude = ReadDouble(ref reader);
            }
            else if (property.SequenceEqual("longitude"u8))
            {
                longitude = ReadDouble(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (latitude is not { } lat || longitude is not { } lon)
        {
            return null;
        }

        var point = new GeoPoint(lat, lon);
        return point.IsValid && (lat != 0 || lon != 0) ? point : null;
    }
}
