using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

public sealed class NetworkTimestampTests
{
    [Theory]
    [InlineData("2022-07-18T09:34:15.775023242+00:00", 2022, 7, 18, 9, 34, 15, 7750232, 0)]
    [InlineData("2020-02-12T15:15:46.014773143Z", 2020, 2, 12, 15, 15, 46, 147731, 0)]
    [InlineData("2016-11-25T16:24:37.295915988Z", 2016, 11, 25, 16, 24, 37, 2959159, 0)]
    [InlineData("2020-02-12T15:15:45.787Z", 2020, 2, 12, 15, 15, 45, 7870000, 0)]
    [InlineData("2023-11-02T10:00:00+08:00", 2023, 11, 2, 10, 0, 0, 0, 480)]
    [InlineData("2023-11-02T10:00:00.5-0330", 2023, 11, 2, 10, 0, 0, 5000000, -210)]
    [InlineData("2023-11-02 10:00:00", 2023, 11, 2, 10, 0, 0, 0, 0)]
    [InlineData("2023-11-02t10:00:00.1234567890123456789z", 2023, 11, 2, 10, 0, 0, 1234567, 0)]
    [InlineData("2016-12-31T23:59:60Z", 2016, 12, 31, 23, 59, 59, 0, 0)]
    public void TryParse_NetworkServerTimestamps(string text, int year, int month, int day, int hour, int minute, int second, long ticks, int offsetMinutes)
    {
        Assert.True(NetworkTimestamp.TryParse(text, out var value));

        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(ticks), value);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2022-07-18")]
    [InlineData("2022-07-18T09:34")]
    [InlineData("2022-13-18T09:34:15Z")]
    [InlineData("2022-02-30T09:34:15Z")]
    [InlineData("2022-07-18T24:00:00Z")]
    [InlineData("2022-07-18T09:34:15.Z")]
    [InlineData("2022-07-18T09:34:15+25:00")]
    [InlineData("2022-07-18T09:34:15+08")]
    [InlineData("2022-07-18T09:34:15 UTC")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("９９９９-12-31T23:59:59Z")]
    public void TryParse_Garbage_IsFalse(string text)
    {
        Assert.False(NetworkTimestamp.TryParse(text, out _));
    }
}
