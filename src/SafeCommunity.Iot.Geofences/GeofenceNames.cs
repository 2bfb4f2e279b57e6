namespace SafeCommunity.Iot.Geofences;

/// <summary>The names of modes and days as they appear in files and the API (kebab case, lower case).</summary>
public static class GeofenceNames
{
    /// <summary>The name of <see cref="GeofenceMode.KeepIn"/>.</summary>
    public const string KeepIn = "keep-in";

    /// <summary>The name of <see cref="GeofenceMode.KeepOut"/>.</summary>
    public const string KeepOut = "keep-out";

    private static readonly (string Name, WeekDays Day)[] Days =
    [
        ("mon", WeekDays.Monday), ("tue", WeekDays.Tuesday), ("wed", WeekDays.Wednesday), ("thu", WeekDays.Thursday),
        ("fri", WeekDays.Friday), ("sat", WeekDays.Saturday), ("sun", WeekDays.Sunday),
    ];

    /// <summary>The name of a mode.</summary>
    public static string Name(this GeofenceMode mode) => mode switch
    {
        GeofenceMode.KeepIn => KeepIn,
        GeofenceMode.KeepOut => KeepOut,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown geofence mode."),
    };

    /// <summary>Parses a mode name.</summary>
    public static bool TryParseMode(string? name, out GeofenceMode mode)
    {
        switch (name)
        {
            case KeepIn:
                mode = GeofenceMode.KeepIn;
                return true;
            case KeepOut:
                mode = GeofenceMode.KeepOut;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>Parses one day name (<c>mon</c> .. <c>sun</c>).</summary>
    public static bool TryParseDay(string? name, out WeekDays day)
    {
        foreach (var (dayName, flag) in Days)
        {
            if (string.Equals(dayName, name, StringComparison.Ordinal))
            {
                day = flag;
                return true;
            }
        }

        day = WeekDays.None;
        return false;
    }

    /// <summary>The names of the days set in <paramref name="days"/>, Monday first.</summary>
    public static IReadOnlyList<string> DayNames(WeekDays days)
    {
        var names = new List<string>(7);
        foreach (var (dayName, flag) in Days)
        {
            if ((days & flag) != 0)
            {
                names.Add(dayName);
            }
        }

        return names;
    }
}
