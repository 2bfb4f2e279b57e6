namespace SafeCommunity.Iot.Geofences;

/// <summary>Days of the week as flags. Files spell them <c>mon</c>, <c>tue</c>, ... <c>sun</c>.</summary>
[Flags]
public enum WeekDays
{
    /// <summary>No day.</summary>
    None = 0,

    /// <summary>Monday (<c>mon</c>).</summary>
    Monday = 1,

    /// <summary>Tuesday (<c>tue</c>).</summary>
    Tuesday = 2,

    /// <summary>Wednesday (<c>wed</c>).</summary>
    Wednesday = 4,

    /// <summary>Thursday (<c>thu</c>).</summary>
    Thursday = 8,

    /// <summary>Friday (<c>fri</c>).</summary>
    Friday = 16,

    /// <summary>Saturday (<c>sat</c>).</summary>
    Saturday = 32,

    /// <summary>Sunday (<c>sun</c>).</summary>
    Sunday = 64,

    /// <summary>Monday to Friday.</summary>
    Workdays = Monday | Tuesday | Wednesday | Thursday | Friday,

    /// <summary>Saturday and Sunday.</summary>
    Weekend = Saturday | Sunday,

    /// <summary>Every day.</summary>
    All = Workdays | Weekend,
}

/// <summary>Conversions between <see cref="DayOfWeek"/> and <see cref="WeekDays"/>.</summary>
public static class WeekDaysExtensions
{
    /// <summary>The flag of one day.</summary>
    public static WeekDays ToWeekDays(this DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => WeekDays.Monday,
        DayOfWeek.Tuesday => WeekDays.Tuesday,
        DayOfWeek.Wednesday => WeekDays.Wednesday,
        DayOfWeek.Thursday => WeekDays.Thursday,
        DayOfWeek.Friday => WeekDays.Friday,
        DayOfWeek.Saturday => WeekDays.Saturday,
        DayOfWeek.Sunday => WeekDays.Sunday,
        _ => WeekDays.None,
    };
}

/// <summary>
/// A weekly time window in local time: on each of <paramref name="Days"/>, from <paramref name="Start"/>
/// (inclusive) to <paramref name="End"/> (exclusive). When <paramref name="End"/> is earlier than
/// <paramref name="Start"/> the window crosses midnight: "fri 22:00-06:00" runs from Friday 22:00 to Saturday 06:00
/// (the day named is the day the window starts). <paramref name="Start"/> must differ from <paramref name="End"/>.
/// </summary>
/// <param name="Days">The days the window starts on.</param>
/// <param name="Start">Local start time (minute resolution in files).</param>
/// <param name="End">Local end time, exclusive; earlier than <paramref name="Start"/> to cross midnight.</param>
public readonly record struct ScheduleWindow(WeekDays Days, TimeOnly Start, TimeOnly End)
{
    /// <summary>Whether the window covers the local <paramref name="day"/> and <paramref name="time"/>.</summary>
    public bool Covers(DayOfWeek day, TimeOnly time)
    {
        if (Start < End)
        {
            return (Days & day.ToWeekDays()) != 0 && time >= Start && time < End;
        }

        // Crossing midnight: the evening part belongs to the day itself, the morning part to the day before.
        if (time >= Start)
        {
            return (Days & day.ToWeekDays()) != 0;
        }

        var previous = day == DayOfWeek.Sunday ? DayOfWeek.Saturday : day - 1;
        return time < End && (Days & previous.ToWeekDays()) != 0;
    }
}

/// <summary>
/// When a fence applies: a set of weekly windows in the community's local time (<c>Community.TimeZoneId</c>,
/// Asia/Shanghai by default). Outside every window the fence raises nothing.
/// </summary>
public sealed class WeeklySchedule : IEquatable<WeeklySchedule>
{
    private readonly ScheduleWindow[] _windows;

    /// <summary>Creates a schedule from its windows (at least one).</summary>
    public WeeklySchedule(IEnumerable<ScheduleWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _windows = [.. windows];
    }

    /// <summary>The windows, in the order given.</summary>
    public IReadOnlyList<ScheduleWindow> Windows => _windows;

    /// <summary>Whether any window covers the local <paramref name="day"/> and <paramref name="time"/>.</summary>
    public bool IsActive(DayOfWeek day, TimeOnly time)
    {
        foreach (var window in _windows)
        {
            if (window.Covers(day, time))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the schedule is active at <paramref name="instant"/> seen in <paramref name="zone"/>.</summary>
    public bool IsActive(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return IsActive(local.DayOfWeek, TimeOnly.FromTimeSpan(local.TimeOfDay));
    }

    /// <inheritdoc/>
    public bool Equals(WeeklySchedule? other) =>
        other is not null && (ReferenceEquals(this, other) || _windows.AsSpan().SequenceEqual(other._windows));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as WeeklySchedule);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var window in _windows)
        {
            hash.Add(window);
        }

        return hash.ToHashCode();
    }
}
