namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>
/// A daily window, in a time zone, during which a subscriber is not told of alarms below critical; what falls in it is
/// held back to the window's end. <see cref="From"/> after <see cref="Until"/> spans midnight (22:00 to 07:00).
/// </summary>
/// <param name="From">Start of the window, local time (inclusive).</param>
/// <param name="Until">End of the window, local time (exclusive).</param>
/// <param name="TimeZoneId">IANA time zone of both times.</param>
public sealed record QuietHours(TimeOnly From, TimeOnly Until, string TimeZoneId)
{
    /// <summary>
    /// When a notice that would go out at <paramref name="at"/> may go: <paramref name="at"/> itself outside the
    /// window, the window's end inside it. An unknown time zone counts as UTC (the API refuses one when it is set).
    /// </summary>
    public DateTimeOffset Release(DateTimeOffset at)
    {
        if (From == Until)
        {
            return at;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var inside = From < Until ? time >= From && time < Until : time >= From || time < Until;
        if (!inside)
        {
            return at;
        }

        // The window's end on the local day it falls on: today, or tomorrow for a window past midnight entered before it.
        var endDay = DateOnly.FromDateTime(local.DateTime);
        if (From > Until && time >= From)
        {
            endDay = endDay.AddDays(1);
        }

        var endLocal = endDay.ToDateTime(Until, DateTimeKind.Unspecified);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal)).ToUniversalTime();
    }
}
