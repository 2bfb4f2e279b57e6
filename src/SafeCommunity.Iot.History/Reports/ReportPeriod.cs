namespace SafeCommunity.Iot.History.Reports;

/// <summary>
/// A report's period: whole calendar days in the community's time zone, from the start of <see cref="FirstDay"/> to
/// the end of <see cref="LastDay"/>, because a police room counts its alarms by its own days.
/// </summary>
public sealed record ReportPeriod
{
    /// <summary>The longest period one report covers: a year, leap day included.</summary>
    public const int MaxDays = 366;

    private ReportPeriod(DateOnly firstDay, DateOnly lastDay, TimeZoneInfo zone)
    {
        FirstDay = firstDay;
        LastDay = lastDay;
        Zone = zone;
    }

    /// <summary>The first day counted.</summary>
    public DateOnly FirstDay { get; }

    /// <summary>The last day counted (inclusive).</summary>
    public DateOnly LastDay { get; }

    /// <summary>The zone the days are in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>How many days the period has.</summary>
    public int Days => LastDay.DayNumber - FirstDay.DayNumber + 1;

    /// <summary>The first moment of the period.</summary>
    public DateTimeOffset From => StartOf(FirstDay);

    /// <summary>The first moment after the period.</summary>
    public DateTimeOffset Until => StartOf(LastDay.AddDays(1));

    /// <summary>The days of the period in order.</summary>
    public IEnumerable<DateOnly> EachDay() => Enumerable.Range(0, Days).Select(FirstDay.AddDays);

    /// <summary>The day of the period's zone that <paramref name="instant"/> falls on.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>
    /// The period <paramref name="firstDay"/>..<paramref name="lastDay"/> in <paramref name="zone"/>, or why it is not one a
    /// report covers: reversed, longer than <see cref="MaxDays"/>, or starting after <paramref name="today"/>.
    /// </summary>
    public static ReportPeriod? TryCreate(DateOnly firstDay, DateOnly lastDay, TimeZoneInfo zone, DateOnly today, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(zone);
        problem = lastDay < firstDay
            ? FormattableString.Invariant($"the period is reversed: its first day {firstDay:yyyy-MM-dd} is after its last day {lastDay:yyyy-MM-dd}.")
            : lastDay.DayNumber - firstDay.DayNumber + 1 > MaxDays
                ? FormattableString.Invariant(
                    $"the period of {lastDay.DayNumber - firstDay.DayNumber + 1} days is longer than the {MaxDays} days one report covers; ask for it in parts.")
                : firstDay > today
                    ? FormattableString.Invariant($"the period starts in the future ({firstDay:yyyy-MM-dd}; today is {today:yyyy-MM-dd} in {zone.Id}).")
                    : null;
        return problem is null ? new ReportPeriod(firstDay, lastDay, zone) : null;
    }

    // A day that starts inside a daylight-saving gap starts at the first moment that exists.
    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
