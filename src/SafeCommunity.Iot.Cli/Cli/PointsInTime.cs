using System.Globalization;
using System.Text.RegularExpressions;

namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>
/// A moment given on the command line: ISO 8601 (<c>2026-05-01T14:30:00+08:00</c>, <c>2026-05-01T06:30Z</c>; without
/// an offset, <c>2026-05-01 14:30</c> or <c>2026-05-01</c>, it is local time) or a duration counted from now
/// (<c>2h</c> is two hours ago for <c>--since</c> and <c>--stolen-at</c>, two hours from now for <c>--expires</c>).
/// </summary>
internal static partial class PointsInTime
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    /// <summary>Which way a duration counts from now.</summary>
    internal enum Direction
    {
        Ago,
        FromNow,
    }

    /// <summary>Parses <paramref name="text"/> against <paramref name="time"/>'s clock and local time zone.</summary>
    public static bool TryParse(string? text, TimeProvider time, Direction direction, out DateTimeOffset moment)
    {
        moment = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (Durations.TryParse(text, out var duration))
        {
            var now = time.GetUtcNow();
            moment = direction == Direction.Ago ? now - duration : now + duration;
            return true;
        }

        if (!IsoStart().IsMatch(text))
        {
            return false;
        }

        if (OffsetEnd().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out moment);
        }

        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var zone = time.LocalTimeZone;
        if (zone.IsInvalidTime(local))
        {
            return false;
        }

        moment = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return true;
    }

    /// <summary>The error text for a value that is neither ISO 8601 nor a duration.</summary>
    public static string Explain(string option, string? text, Direction direction) =>
        $"{option} '{text}' is not a time: give ISO 8601 such as 2026-05-01T14:30:00+08:00 (local time without an offset) " +
        $"or a duration {(direction == Direction.Ago ? "ago" : "from now")} such as 2h or 7d";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoStart();

    [GeneratedRegex(@"[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex OffsetEnd();
}
