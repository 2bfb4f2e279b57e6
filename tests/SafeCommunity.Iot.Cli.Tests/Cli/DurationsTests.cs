using SafeCommunity.Iot.Cli.Cli;

namespace SafeCommunity.Iot.Cli.Tests.Cli;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("15min", 900)]
    [InlineData("2h", 7200)]
    [InlineData("7d", 604_800)]
    [InlineData("1w", 604_800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData(" 2H ", 7200)]
    public void TryParse_NumberWithUnit_GivesTheDuration(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    [InlineData("60")]
    [InlineData("abc")]
    [InlineData("-5m")]
    [InlineData("0s")]
    [InlineData("5x")]
    [InlineData("m5")]
    [InlineData("1h30")]
    [InlineData("2 hours")]
    [InlineData("99999999d")]
    public void TryParse_NotADuration_IsRefused(string? text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(12 * 60 + 5, "12 min")]
    [InlineData(3 * 3600 + 5 * 60, "3 h 5 min")]
    [InlineData(2 * 3600, "2 h")]
    [InlineData(2 * 86_400 + 4 * 3600, "2 d 4 h")]
    public void Humanize_ReadsAsPeopleSayIt(int seconds, string expected)
    {
        Assert.Equal(expected, Durations.Humanize(TimeSpan.FromSeconds(seconds)));
    }
}
