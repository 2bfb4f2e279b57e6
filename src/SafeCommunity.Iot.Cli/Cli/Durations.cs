using System.Globalization;
using System.Text;

namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>
/// Durations as people type them: a number with a unit, <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, and sums of
/// them such as <c>1h30m</c>. A bare number is refused, since "60" could mean seconds or minutes.
/// </summary>
internal static class Durations
{
    /// <summary>The units, longest spelling first so that "min" is not read as "m" followed by "in".</summary>
    private static readonly (string Unit, double Seconds)[] Units =
    [
        ("ms", 0.001),
        ("min", 60),
        ("s", 1),
        ("m", 60),
        ("h", 3600),
        ("d", 86_400),
        ("w", 604_800),
    ];

    /// <summary>Parses <paramref name="text"/>; false for anything that is not a positive duration with units.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        double seconds = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[digits..];
            var matched = false;
            foreach (var (unit, unitSeconds) in Units)
            {
                if (span.StartsWith(unit, StringComparison.OrdinalIgnoreCase)
                    && (span.Length == unit.Length || !char.IsAsciiLetter(span[unit.Length])))
                {
                    seconds += number * unitSeconds;
                    span = span[unit.Length..];
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(36_500).TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The error text for a value that is not a duration.</summary>
    public static string Explain(string option, string? text) =>
        $"{option} '{text}' is not a duration: give a number with a unit, such as 90s, 15m, 2h or 7d";

    /// <summary>A duration in the units people read: <c>45 s</c>, <c>12 min</c>, <c>3 h 5 min</c>, <c>2 d 4 h</c>.</summary>
    public static string Humanize(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = duration.Negate();
        }

        var text = new StringBuilder();
        if (duration.TotalSeconds < 60)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalSeconds} s");
        }
        else if (duration.TotalMinutes < 60)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min");
        }
        else if (duration.TotalHours < 24)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h");
            if (duration.Minutes > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {duration.Minutes} min");
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays} d");
            if (duration.Hours > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {duration.Hours} h");
            }
        }

        return text.ToString();
    }

    /// <summary>A short form of a duration for options and notices: <c>0.5 s</c>, <c>10 s</c>, <c>60 s</c>.</summary>
    public static string Seconds(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s");
}
