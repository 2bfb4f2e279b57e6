using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Output;

/// <summary>
/// The live view's rows: one alarm event per line, in fixed-width columns so that rows printed hours apart still
/// line up under the header. Long subjects and community names are cut with "…"; the place is the last column.
/// </summary>
internal static class AlarmEventRows
{
    private static readonly (string Header, int Width, bool Right)[] Columns =
    [
        ("TIME", 19, false),
        ("SEQ", 7, true),
        ("EVENT", 12, false),
        ("SEVERITY", 8, false),
        ("KIND", 22, false),
        ("SUBJECT", 24, false),
        ("COMMUNITY", 16, false),
        ("STATE", 12, false),
        ("COUNT", 5, true),
        ("PLACE", 0, false),
    ];

    /// <summary>The header line.</summary>
    public static string Header() => Line([.. Columns.Select(c => c.Header)]);

    /// <summary>One event as a row; times in the local time zone of <paramref name="time"/>.</summary>
    public static string Row(AlarmEvent alarmEvent, TimeProvider time)
    {
        var alarm = alarmEvent.Alarm ?? new Alarm();
        return Line(
        [
            Formats.LocalTime(alarmEvent.At, time),
            Formats.Number(alarmEvent.Sequence),
            Formats.Name(alarmEvent.Type),
            Formats.Name(alarm.Severity),
            Formats.Name(alarm.Kind),
            Formats.Subject(alarm),
            Formats.Community(alarm),
            Formats.Name(alarm.State),
            Formats.Number(alarm.Count),
            Formats.Place(alarm.Location),
        ]);
    }

    private static string Line(string[] cells)
    {
        var parts = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var (_, width, right) = Columns[i];
            var cell = cells[i].Length == 0 ? "-" : cells[i].ReplaceLineEndings(" ");
            if (width == 0)
            {
                parts[i] = cell;
                continue;
            }

            cell = right ? cell : DisplayWidth.Truncate(cell, width);
            parts[i] = right ? DisplayWidth.PadLeft(cell, width) : DisplayWidth.PadRight(cell, width);
        }

        return string.Join("  ", parts).TrimEnd();
    }
}
