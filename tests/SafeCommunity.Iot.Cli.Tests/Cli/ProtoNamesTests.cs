using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Cli;

public sealed class ProtoNamesTests
{
    [Fact]
    public void Name_StripsTheProtoPrefixAndUsesDashes()
    {
        Assert.Equal("stolen-bike-sighted", ProtoNames<AlarmKind>.Name(AlarmKind.StolenBikeSighted));
        Assert.Equal("high", ProtoNames<AlarmSeverity>.Name(AlarmSeverity.High));
        Assert.Equal("ebike-chip", ProtoNames<DeviceKind>.Name(DeviceKind.EbikeChip));
        Assert.Equal("gnss-stale", ProtoNames<LocationSource>.Name(LocationSource.GnssStale));
        Assert.Equal("admin", ProtoNames<Role>.Name(Role.Admin));
        Assert.Equal("42", ProtoNames<AlarmKind>.Name((AlarmKind)42));
    }

    [Fact]
    public void Choices_OfDeviceCommand_AreTheCommandsOfTheCli()
    {
        Assert.Equal(["set-report-interval", "locate-now", "arm", "disarm", "sound-buzzer"], ProtoNames<DeviceCommand>.Choices);
        Assert.Equal(["admin", "post", "family", "owner"], ProtoNames<Role>.Choices);
    }

    [Theory]
    [InlineData("sos", AlarmKind.Sos)]
    [InlineData("SOS", AlarmKind.Sos)]
    [InlineData("stolen_bike_sighted", AlarmKind.StolenBikeSighted)]
    [InlineData("ALARM_KIND_LEFT_SAFE_ZONE", AlarmKind.LeftSafeZone)]
    public void TryParse_TakesShortAndProtoSpellings(string text, AlarmKind expected)
    {
        Assert.True(ProtoNames<AlarmKind>.TryParse(text, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("unspecified")]
    [InlineData("ALARM_KIND_UNSPECIFIED")]
    [InlineData("burglary")]
    [InlineData("")]
    public void TryParse_UnspecifiedOrUnknown_IsRefused(string text)
    {
        Assert.False(ProtoNames<AlarmKind>.TryParse(text, out _));
    }
}
