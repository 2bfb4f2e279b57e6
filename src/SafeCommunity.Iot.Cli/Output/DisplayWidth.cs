using System.Text;

namespace SafeCommunity.Iot.Cli.Output;

/// <summary>
/// How many terminal columns a text takes: Chinese characters and other East Asian wide characters take two, so a
/// subject such as "王奶奶" lines up with its column. Combining marks take none.
/// </summary>
internal static class DisplayWidth
{
    /// <summary>The columns <paramref name="text"/> takes on a terminal.</summary>
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="columns"/> columns, ending in "…" when cut.</summary>
    public static string Truncate(string text, int columns)
    {
        if (Of(text) <= columns)
        {
            return text;
        }

        var builder = new StringBuilder();
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Of(rune);
            if (width + w > columns - 1)
            {
                break;
            }

            builder.Append(rune.ToString());
            width += w;
        }

        return builder.Append('…').ToString();
    }

    /// <summary>Pads <paramref name="text"/> with spaces on the right to <paramref name="columns"/> columns.</summary>
    public static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Of(text)));

    /// <summary>Pads <paramref name="text"/> with spaces on the left to <paramref name="columns"/> columns.</summary>
    public static string PadLeft(string text, int columns) => new string(' ', Math.Max(0, columns - Of(text))) + text;

    private static int Of(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark
            or System.Globalization.UnicodeCategory.Format || rune.Value == 0)
        {
            return 0;
        }

        var c = rune.Value;
        var wide = c is >= 0x1100 and <= 0x115F
            or >= 0x2E80 and <= 0x303E
            or >= 0x3041 and <= 0x33FF
            or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF
            or >= 0xA000 and <= 0xA4CF
            or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F
            or >= 0xFF00 and <= 0xFF60
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF
            or >= 0x20000 and <= 0x3FFFD;
        return wide ? 2 : 1;
    }
}
