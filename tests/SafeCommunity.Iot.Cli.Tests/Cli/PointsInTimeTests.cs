using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace SafeCommunity.Iot.Cli.Tests.Cli;

public sealed class PointsInTimeTests
{
    private readonly FakeTimeProvider _time;

    public PointsInTimeTests()
    {
        _time = new FakeTimeProvider(TestConsole.Now);
        _time.SetLocalTimeZone(TestConsole.ChinaStandardTime);
    }

    [Theory]
    [InlineData("2026-05-01T14:30:00+08:00", "2026-05-01T06:30:00Z")]
    [InlineData("2026-05-01T06:30:00Z", "2026-05-01T06:30:00Z")]
    [InlineData("2026-05-01T06:30Z", "2026-05-01T06:30:00Z")]
    [InlineData("2026-05-01T14:30:00.5+0800", "2026-05-01T06:30:00.5Z")]
    [InlineData("2026-05-01 14:30", "2026-05-01T06:30:00Z")]
    [InlineData("2026-05-01T14:30:15", "2026-05-01T06:30:15Z")]
    [InlineData("2026-05-01", "2026-04-30T16:00:00Z")]
    public void TryParse_Iso8601_WithoutOffsetIsLocalTime(string text, string expectedUtc)
    {
        Assert.True(PointsInTime.TryParse(text, _time, PointsInTime.Direction.Ago, out var moment));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), moment);
    }

    [Fact]
    public void TryParse_Duration_CountsBackOrForwardFromNow()
    {
        Assert.True(PointsInTime.TryParse("2h", _time, PointsInTime.Direction.Ago, out var since));
        Assert.Equal(TestConsole.Now.AddHours(-2), since);
        Assert.True(PointsInTime.TryParse("90d", _time, PointsInTime.Direction.FromNow, out var expires));
        Assert.Equal(TestConsole.Now.AddDays(90), expires);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5/1/2026")]
    [InlineData("2026-13-01")]
    [InlineData("2026-05-01T25:00")]
    [InlineData("")]
    public void TryParse_NotATime_IsRefused(string text)
    {
        Assert.False(PointsInTime.TryParse(text, _time, PointsInTime.Direction.Ago, out _));
    }
}
