using System.Buffers.Text;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// 64-bit EUIs (DevEUI, gateway EUI) as the gateway stores them: 16 lower-case hex digits. Network servers write
/// them in lower case (ChirpStack), upper case (The Things Stack), with separators, or — ChirpStack v3's protobuf
/// JSON marshaler — as base64 of the 8 bytes.
/// </summary>
public static class Eui
{
    /// <summary>Normalises an EUI written in any of those ways; false when it is not an EUI.</summary>
    public static bool TryNormalize(ReadOnlySpan<char> text, out string eui)
    {
        eui = string.Empty;
        text = text.Trim();
        if (text.IsEmpty || text.Length > 32)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[8];
        Span<char> hex = stackalloc char[16];
        var digits = 0;
        var separators = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiHexDigit(c))
            {
                if (digits == 16)
                {
                    digits = 17;
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

        if (digits == 16 && (separators == 0 || separators == 7))
        {
            eui = new string(hex);
            return true;
        }

        // 8 bytes in base64 are 12 characters ending in one '='.
        if (text.Length == 12 && Base64.IsValid(text) &&
            Convert.TryFromBase64Chars(text, bytes, out var written) && written == 8)
        {
            eui = Convert.ToHexStringLower(bytes);
            return true;
        }

        return false;
    }

    /// <summary>Normalises an EUI; null when <paramref name="text"/> is null or not an EUI.</summary>
    public static string? Normalize(string? text) => text is not null && TryNormalize(text, out var eui) ? eui : null;
}
