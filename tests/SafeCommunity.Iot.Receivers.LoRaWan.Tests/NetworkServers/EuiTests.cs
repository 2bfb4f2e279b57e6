using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

public sealed class EuiTests
{
    [Theory]
    [InlineData("0004A30B001C0530", "0004a30b001c0530")]
    [InlineData("0004a30b001c0530", "0004a30b001c0530")]
    [InlineData(" 0004a30b001c0530 ", "0004a30b001c0530")]
    [InlineData("00-04-A3-0B-00-1C-05-30", "0004a30b001c0530")]
    [InlineData("00:04:a3:0b:00:1c:05:30", "0004a30b001c0530")]
    [InlineData("AgICAgICAgI=", "0202020202020202")]
    public void TryNormalize_EveryWayNetworkServersWriteThem(string text, string expected)
    {
        Assert.True(Eui.TryNormalize(text, out var eui));
        Assert.Equal(expected, eui);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0004a30b001c053")]
    [InlineData("0004a30b001c05300")]
    [InlineData("0004a30b001c053g")]
    [InlineData("gtw1")]
    [InlineData("AgICAgICAg==")]
    [InlineData("0004-a30b-001c-0530")]
    public void TryNormalize_NotAnEui_IsFalse(string text)
    {
        Assert.False(Eui.TryNormalize(text, out _));
    }
}
