using System.Buffers.Text;
using System.Globalization;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// 64-bit EUIs (DevEUI, gateway EUI) as the gateway stores them: 16 lower-case hex digits. Network servers write
/// them in lower case (ChirpStack), upper case (The Things Stack), with separators, or — ChirpStack v3's protobuf
/// JSON marshaler — as base64 of the 8 bytes.
/// </summary>
public static class Eui
{
    /// <summary>Characters of a normalised EUI.</summary>
    internal const int Length = 16;

    /// <summary>Normalises an EUI written in any of those ways; false when it is not an EUI.</summary>
    public static bool TryNormalize(ReadOnlySpan<char> text, out string eui)
    {
        Span<char> hex = stackalloc char[Length];
        eui = TryNormalize(text, hex) ? new string(hex) : string.Empty;
        return eui.Length != 0;
    }

    /// <summary>Normalises an EUI; null when <paramref name="text"/> is null or not an EUI.</summary>
    public static string? Normalize(string? text) => text is not null && TryNormalize(text, out var eui) ? eui : null;

    /// <summary>The EUI's 64-bit value, when <paramref name="text"/> is an EUI written in any of those ways.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, out ulong eui)
    {
        Span<char> hex = stackalloc char[Length];
        eui = 0;
        return TryNormalize(text, hex) && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out eui);
    }

    /// <summary>The EUI normalised: <paramref name="known"/> itself when it already says exactly that (the topic's DevEUI), else a new string.</summary>
    internal static string ToText(ulong eui, string? known)
    {
        Span<char> hex = stackalloc char[Length];
        _ = eui.TryFormat(hex, out _, "x16", CultureInfo.InvariantCulture);
        return known is not null && hex.SequenceEqual(known) ? known : new string(hex);
    }

    /// <summary>
    /// Writes the normalised EUI into <paramref name="hex"/> (<see cref="Length"/> characters), so a caller that
    /// already holds the string (the topic's DevEUI, a cached gateway id) need not allocate another.
    /// </summary>
    internal static bool TryNormalize(ReadOnlySpan<char> text, Span<char> hex)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length > 32)
        {
            return false;
        }

        var digits = 0;
        var separators = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiHexDigit(c))
            {
                if (digits == Length)
                {
                    digits = Length + 1;
                    break;
                }

                hex[digits++] = char.ToLowerInvariant(c);
            }
            else if (c is ':' or '-')
            {
                separators++;
            }
            else
            {
                digits = -1;
                break;
            }
        }

        if (digits == Length && (separators == 0 || separators == 7))
        {
            return true;
        }

        // 8 bytes in base64 are 12 characters ending in one '='.
        Span<byte> bytes = stackalloc byte[8];
        return text.Length == 12 && Base64.IsValid(text) &&
            Convert.TryFromBase64Chars(text, bytes, out var written) && written == 8 &&
            Convert.TryToHexStringLower(bytes, hex, out _);
    }
}
