using SafeCommunity.Iot.Core.Notifications;

namespace SafeCommunity.Iot.Notifications.Tests.Planning;

public sealed class QuietHoursTests
{
    // 22:00-07:00 in Anlong (UTC+8, no daylight saving).
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0), "Asia/Shanghai");

    [Theory]
    [InlineData("2026-12-07T13:59:00Z", "2026-12-07T13:59:00Z")] // 21:59 local: outside
    [InlineData("2026-12-07T14:00:00Z", "2026-12-07T23:00:00Z")] // 22:00 local: held to 07:00 the next day
    [InlineData("2026-12-07T17:30:00Z", "2026-12-07T23:00:00Z")] // 01:30 local: held to 07:00 that day
    [InlineData("2026-12-07T23:00:00Z", "2026-12-07T23:00:00Z")] // 07:00 local: the window's end is outside
    public void Release_AWindowPastMidnight_HoldsWhatFallsInItToItsEnd(string at, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Night.Release(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Release_AWindowWithinADay_HoldsToItsEnd()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(14, 0), "Asia/Shanghai");
        var at = new DateTimeOffset(2026, 12, 7, 4, 30, 0, TimeSpan.Zero); // 12:30 local
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero), lunch.Release(at));
        Assert.Equal(at.AddHours(2), lunch.Release(at.AddHours(2)));
    }
}
