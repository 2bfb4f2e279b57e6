using System.Numerics;

namespace SafeCommunity.Iot.Core.Json;

/// <summary>
/// Finds a <c>\u</c> escape in JSON text that stands for half of a UTF-16 surrogate pair without its other half, such
/// as a lone <c>"\udfea"</c>. That is well-formed JSON, so <see cref="System.Text.Json.JsonDocument"/> parses it, but
/// reading the string later throws <see cref="InvalidOperationException"/>. A reader of untrusted documents checks
/// the text once after parsing it and reports the place instead.
/// </summary>
public static class JsonEscapes
{
    /// <summary>The index of the backslash of the first unpaired surrogate escape in well-formed UTF-8 JSON, or -1.</summary>
    public static int FindUnpairedSurrogate(ReadOnlySpan<byte> json) => Find(json);

    /// <summary>The index of the backslash of the first unpaired surrogate escape in well-formed JSON text, or -1.</summary>
    public static int FindUnpairedSurrogate(ReadOnlySpan<char> json) => Find(json);

    /// <summary>The 1-based line and position in that line of <paramref name="index"/> (counted in the text's units).</summary>
    public static (int Line, int Position) LineAndPosition<T>(ReadOnlySpan<T> text, int index)
        where T : unmanaged, IBinaryInteger<T>
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (int.CreateTruncating(text[i]) == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static int Find<T>(ReadOnlySpan<T> json)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Outside strings well-formed JSON has no backslash, so every backslash starts an escape.
        var highAt = -1;
        for (var i = 0; i < json.Length; i++)
        {
            var isEscape = int.CreateTruncating(json[i]) == '\\' && i + 1 < json.Length;
            var unit = isEscape && int.CreateTruncating(json[i + 1]) == 'u' ? HexUnit(json, i + 2) : -1;
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                if (highAt < 0)
                {
                    return i;
                }

                highAt = -1;
            }
            else if (highAt >= 0)
            {
                // A high half must be followed at once by the escape of a low half.
                return highAt;
            }
            else if (unit is >= 0xD800 and <= 0xDBFF)
            {
                highAt = i;
            }

            if (isEscape)
            {
                i += unit >= 0 ? 5 : 1;
            }
        }

        return highAt;
    }

    /// <summary>The code unit written as four hex digits at <paramref name="start"/>, or -1.</summary>
    private static int HexUnit<T>(ReadOnlySpan<T> json, int start)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (start + 4 > json.Length)
        {
            return -1;
        }

        var value = 0;
        for (var i = start; i < start + 4; i++)
        {
            var digit = HexDigit(int.CreateTruncating(json[i]));
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }

    private static int HexDigit(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
