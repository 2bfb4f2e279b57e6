using SafeCommunity.Iot.History.Reports;

namespace SafeCommunity.Iot.History.Tests.Reports;

public sealed class ReportPeriodTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Fact]
    public void TryCreate_November_IsItsLocalMidnightsAsInstants()
    {
        var period = ReportPeriod.TryCreate(new(2026, 11, 1), new(2026, 11, 30), Shanghai, Today, out var problem);

        Assert.Null(problem);
        Assert.Equal(30, period!.Days);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), period.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), period.Until);
        Assert.Equal(new DateOnly(2026, 11, 1), period.DayOf(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 10, 31), period.DayOf(new DateTimeOffset(2026, 10, 31, 15, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void TryCreate_ADayWithADaylightSavingGap_StartsAtItsFirstRealMoment()
    {
        // In Berlin 2026-03-29 has no 02:00..03:00, but its midnight exists; its length is 23 hours.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var period = ReportPeriod.TryCreate(new(2026, 3, 29), new(2026, 3, 29), berlin, Today, out _);

        Assert.Equal(TimeSpan.FromHours(23), period!.Until - period.From);
    }

    [Theory]
    [InlineData("2026-11-30", "2026-11-01", "reversed")]
    [InlineData("2025-01-01", "2026-01-02", "367 days is longer than the 366")]
    [InlineData("2026-12-08", "2026-12-09", "starts in the future")]
    public void TryCreate_BadPeriod_SaysWhy(string first, string last, string expected)
    {
        var period = ReportPeriod.TryCreate(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), Shanghai, Today, out var problem);

        Assert.Null(period);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AWholeLeapYear_IsAllowed()
    {
        Assert.NotNull(ReportPeriod.TryCreate(new(2024, 1, 1), new(2024, 12, 31), Shanghai, Today, out _));
    }

    [Fact]
    public void ResponseTimes_NearestRank_IsADurationThatOccurred()
    {
        var times = ResponseTimes.Of([.. new[] { 5, 1, 4, 2, 3, 10, 9, 8, 7, 6, 100 }.Select(s => TimeSpan.FromSeconds(s))]);

        Assert.Equal(11, times.Answered);
        Assert.Equal(TimeSpan.FromSeconds(6), times.Median);
        Assert.Equal(TimeSpan.FromSeconds(10), times.P90);
        Assert.Equal(TimeSpan.FromSeconds(100), times.Longest);
    }

    [Fact]
    public void Distribution_Bounds_AreInclusiveBelowExclusiveAbove_AndTheLastBarIsOpen()
    {
        var bars = ResponseBucket.Distribution([TimeSpan.Zero, TimeSpan.FromSeconds(29.9), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromDays(2)]);

        Assert.Equal([2, 1, 0, 0, 0, 0, 0, 2], bars.Select(b => b.Alarms));
        Assert.Null(bars[^1].Under);
        Assert.Equal(TimeSpan.FromSeconds(30), bars[0].Under);
    }
}
