using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

public sealed class TheThingsStackUplinkParserTests
{
    [Fact]
    public void Parse_DocumentationExample_ReadsFrameIdentityAndReception()
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, Samples.TheThingsStack);

        Assert.Equal(NetworkServerFormat.TheThingsStackV3, uplink.Format);
        Assert.Equal(Convert.FromBase64String("gkHe"), uplink.Payload.ToArray());
        Assert.Equal("dev1", uplink.NetworkServerDeviceId);
        Assert.Equal("0004a30b001c0530", uplink.DevEui);
        Assert.Equal("app1", uplink.ApplicationId);
        Assert.Equal(1, uplink.FPort);
        Assert.Equal(1u, uplink.FCnt);
        Assert.Equal(new DateTimeOffset(2020, 2, 12, 15, 15, 45, TimeSpan.Zero).AddTicks(7895855), uplink.NetworkTime);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal("9c5c8e00001a05c4", reception.GatewayId);
        Assert.Equal(-35, reception.RssiDbm);
        Assert.Equal(5, reception.SnrDb);
        Assert.Equal(new GeoPoint(37.97155556731436, 23.72678801175413), reception.Location);
        Assert.Equal(new DateTimeOffset(2020, 2, 12, 15, 15, 45, 787, TimeSpan.Zero), reception.Time);
    }

    [Theory]
    [InlineData("v3/app1@ttn/devices/dev1/up")]
    [InlineData("v3/app1/devices/dev1/up")]
    public void Parse_TopicWithOrWithoutTenant_IsAnUplink(string topic)
    {
        var uplink = ParseUplink(topic, Samples.TheThingsStack);

        Assert.Equal("dev1", uplink.NetworkServerDeviceId);
    }

    [Fact]
    public void Parse_GatewayWithoutEui_UsesItsGatewayIdInLowerCase()
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, """
            {"end_device_ids":{"device_id":"dev1"},"uplink_message":{"frm_payload":"gkHe",
              "rx_metadata":[{"gateway_ids":{"gateway_id":"PacketBroker"},"rssi":-99}]}}
            """);

        Assert.Equal("packetbroker", Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_FirstUplinkWithoutFCntAndOmittedZeros_ReadsWhatIsThere()
    {
        // The Things Stack omits empty fields: f_cnt 0, snr 0, and here even the DevEUI.
        var uplink = ParseUplink("v3/app1/devices/dev-7/up", """
            {"end_device_ids":{"application_ids":{"application_id":"app1"}},"uplink_message":{"f_port":10,"frm_payload":"gkHe",
              "rx_metadata":[{"gateway_ids":{"gateway_id":"gtw1","eui":"9C5C8E00001A05C4"},"channel_rssi":-61}]}}
            """);

        Assert.Null(uplink.FCnt);
        Assert.Null(uplink.DevEui);
        Assert.Equal("dev-7", uplink.NetworkServerDeviceId);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal(-61, reception.RssiDbm);
        Assert.Equal(0, reception.SnrDb);
    }

    [Theory]
    [InlineData("""{"end_device_ids":{"device_id":"dev1"}}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"end_device_ids":{"device_id":"dev1"},"uplink_message":{"f_port":0}}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"end_device_ids":{"device_id":"dev1"},"uplink_message":"up"}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"end_device_ids":{"device_id":"dev1"},"uplink_message":{"frm_payload":"g*He"}}""", LoRaWanParseStatus.BadBase64)]
    public void Parse_NoUsableFrame_SaysWhy(string payload, LoRaWanParseStatus expected)
    {
        Assert.Equal(expected, Parse(Samples.TheThingsStackTopic, payload).Status);
    }
}
