using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.Model;

public sealed class WeeklyScheduleTests
{
    [Theory]
    [InlineData(DayOfWeek.Monday, 7, 29, false)]
    [InlineData(DayOfWeek.Monday, 7, 30, true)]
    [InlineData(DayOfWeek.Friday, 16, 59, true)]
    [InlineData(DayOfWeek.Friday, 17, 0, false)]
    [InlineData(DayOfWeek.Saturday, 10, 0, false)]
    public void Covers_SchoolHours_FromStartInclusiveToEndExclusive(DayOfWeek day, int hour, int minute, bool expected)
    {
        var window = new ScheduleWindow(WeekDays.Workdays, new TimeOnly(7, 30), new TimeOnly(17, 0));

        Assert.Equal(expected, window.Covers(day, new TimeOnly(hour, minute)));
    }

    [Theory]
    [InlineData(DayOfWeek.Sunday, 21, 59, false)]
    [InlineData(DayOfWeek.Sunday, 22, 0, true)]
    [InlineData(DayOfWeek.Monday, 0, 0, true)]
    [InlineData(DayOfWeek.Monday, 5, 59, true)]
    [InlineData(DayOfWeek.Monday, 6, 0, false)]
    [InlineData(DayOfWeek.Monday, 22, 30, false)]
    [InlineData(DayOfWeek.Saturday, 3, 0, false)]
    public void Covers_SundayNightWindow_CrossesIntoMonday(DayOfWeek day, int hour, int minute, bool expected)
    {
        var window = new ScheduleWindow(WeekDays.Sunday, new TimeOnly(22, 0), new TimeOnly(6, 0));

        Assert.Equal(expected, window.Covers(day, new TimeOnly(hour, minute)));
    }

    [Fact]
    public void IsActive_Instant_IsReadInTheGivenZone()
    {
        var schedule = new WeeklySchedule([new ScheduleWindow(WeekDays.Monday, new TimeOnly(8, 0), new TimeOnly(9, 0))]);
        var mondayHalfPastEightInAnlong = new DateTimeOffset(2026, 11, 30, 0, 30, 0, TimeSpan.Zero);

        Assert.True(schedule.IsActive(mondayHalfPastEightInAnlong, Fences.Shanghai));
        Assert.False(schedule.IsActive(mondayHalfPastEightInAnlong, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Equals_SameWindows_AreEqualAsValues()
    {
        WeeklySchedule Make() => new([new ScheduleWindow(WeekDays.Weekend, new TimeOnly(9, 0), new TimeOnly(12, 0))]);

        Assert.Equal(Make(), Make());
        Assert.Equal(Make().GetHashCode(), Make().GetHashCode());
        Assert.NotEqual(Make(), new WeeklySchedule([new ScheduleWindow(WeekDays.Weekend, new TimeOnly(9, 0), new TimeOnly(12, 1))]));
    }
}
