using PdfSharp.Drawing;

namespace SafeCommunity.Iot.History.Pdf;

/// <summary>Breaks text into lines that fit a width: at spaces, and anywhere in a run without them (Chinese has none).</summary>
internal static class TextWrap
{
    public static IEnumerable<string> Lines(XGraphics graphics, string text, XFont font, double width)
    {
        var line = string.Empty;
        foreach (var word in Words(text))
        {
            var candidate = line + word;
            if (line.Length > 0 && graphics.MeasureString(candidate.TrimEnd(), font).Width > width)
            {
                yield return line.TrimEnd();
                line = word.TrimStart();
            }
            else
            {
                line = candidate;
            }

            while (graphics.MeasureString(line.TrimEnd(), font).Width > width && line.Length > 1)
            {
                var fits = line.Length - 1;
                while (fits > 1 && graphics.MeasureString(line[..fits], font).Width > width)
                {
                    fits--;
                }

                yield return line[..fits];
                line = line[fits..];
            }
        }

        if (line.Trim().Length > 0)
        {
            yield return line.TrimEnd();
        }
    }

    // Each word keeps the space after it, so joining them gives the text back.
    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ')
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
