using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

[Collection(GatewayIdCacheCollection.Name)]
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

    [Fact]
    public void Parse_FieldsInAnyOrder_ReadTheSame()
    {
        var reordered = ParseUplink(Samples.TheThingsStackTopic, """
            {"uplink_message":{"received_at":"2020-02-12T15:15:45.789585559Z","settings":{"frequency":"868300000"},
               "rx_metadata":[{"location":{"source":"SOURCE_REGISTRY","altitude":2,"longitude":23.72678801175413,"latitude":37.97155556731436},
                 "snr":5,"channel_rssi":-35,"rssi":-35,"time":"2020-02-12T15:15:45.787Z","gateway_ids":{"eui":"9C5C8E00001A05C4","gateway_id":"gtw1"}}],
               "frm_payload":"gkHe","f_cnt":1,"f_port":1},
             "received_at":"2020-02-12T15:15:46.014773143Z",
             "end_device_ids":{"dev_addr":"00BCB929","dev_eui":"0004A30B001C0530","application_ids":{"application_id":"app1"},"device_id":"dev1"}}
            """);

        AssertSameUplink(ParseUplink(Samples.TheThingsStackTopic, Samples.TheThingsStack), reordered);
    }

    [Fact]
    public void Parse_SameNamesOutsideTheirObjects_AreSkipped()
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, """
            {"frm_payload":"AQID","rx_metadata":[{"gateway_ids":{"eui":"0303030303030303"}}],"f_cnt":9,
             "end_device_ids":{"device_id":"dev1","dev_eui":"0004A30B001C0530","nested":{"dev_eui":"0505050505050505"}},
             "uplink_message":{"frm_payload":"gkHe","settings":{"frm_payload":"AQ==","rx_metadata":[]},
               "decoded_payload":{"f_cnt":3,"received_at":"2000-01-01T00:00:00Z"},
               "rx_metadata":[{"gateway_ids":{"gateway_id":"gtw1","nested":{"eui":"0303030303030303"}},"packet_broker":{"rssi":-1}}]}}
            """);

        Assert.Equal(Convert.FromBase64String("gkHe"), uplink.Payload.ToArray());
        Assert.Null(uplink.FCnt);
        Assert.Null(uplink.NetworkTime);
        Assert.Equal("0004a30b001c0530", uplink.DevEui);
        Assert.Equal(new LoRaWanReception("gtw1", null, null, null, null), Assert.Single(uplink.Receptions));
    }

    [Fact]
    public void Parse_EscapedStrings_AreUnescaped()
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, """
            {"end_device_ids":{"device_id":"dev\u0031","application_ids":{"application_\u0069d":"app\u00e9"}},
             "uplink_message":{"frm_payload":"gk\u0048e","rx_metadata":[{"gateway_ids":{"gateway_id":"\u0041BC"},"rssi":-1}]}}
            """);

        Assert.Equal("dev1", uplink.NetworkServerDeviceId);
        Assert.Equal("appé", uplink.ApplicationId);
        Assert.Equal(Convert.FromBase64String("gkHe"), uplink.Payload.ToArray());
        Assert.Equal("abc", Assert.Single(uplink.Receptions).GatewayId);
    }

    [Theory]
    [InlineData("""{"eui":"9C5C8E00001A05C4","gateway_id":"gtw1"}""", "9c5c8e00001a05c4")]
    [InlineData("""{"eui":"not an eui","gateway_id":"GTW1"}""", "not an eui")]
    [InlineData("""{"eui":"","gateway_id":"GTW1"}""", "gtw1")]
    [InlineData("""{"eui":"   ","gateway_id":"GTW1"}""", "gtw1")]
    [InlineData("""{"eui":7,"gateway_id":"GTW1"}""", "gtw1")]
    [InlineData("""{"gateway_id":null}""", null)]
    [InlineData("""[{"gateway_id":"gtw1"}]""", null)]
    public void Parse_GatewayIds_EuiElseGatewayId(string gatewayIds, string? expected)
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, $$$"""{"uplink_message":{"frm_payload":"gkHe","rx_metadata":[{"gateway_ids":{{{gatewayIds}}}}]}}""");

        Assert.Equal(expected, Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_ReceptionFields_WithTheirFallbacks()
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, """
            {"uplink_message":{"frm_payload":"gkHe","rx_metadata":[
              {"gateway_ids":{"gateway_id":"a"},"rssi":-40,"channel_rssi":-41,"snr":-2.5,"time":"2020-01-01T00:00:01Z","received_at":"2020-01-01T00:00:02Z"},
              {"gateway_ids":{"gateway_id":"b"},"channel_rssi":-41,"received_at":"2020-01-01T00:00:02Z"},
              {"gateway_ids":{"gateway_id":"c"},"snr":3}]}}
            """);

        var at = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new LoRaWanReception("a", -40, -2.5, null, at.AddSeconds(1)),
                new LoRaWanReception("b", -41, 0, null, at.AddSeconds(2)),
                new LoRaWanReception("c", null, 3, null, null),
            ],
            uplink.Receptions);
    }

    [Theory]
    [InlineData("""{"received_at":"2020-01-01T00:00:09Z","uplink_message":{"received_at":"2020-01-01T00:00:08Z","frm_payload":"gkHe","rx_metadata":[{"time":"2020-01-01T00:00:07Z"}]}}""", 8)]
    [InlineData("""{"received_at":"2020-01-01T00:00:09Z","uplink_message":{"frm_payload":"gkHe","rx_metadata":[{"time":"2020-01-01T00:00:07Z"}]}}""", 9)]
    [InlineData("""{"uplink_message":{"frm_payload":"gkHe","rx_metadata":[{},{"time":"2020-01-01T00:00:07Z"}]}}""", 7)]
    public void Parse_NetworkTime_UplinkThenMessageThenFirstReception(string payload, int second)
    {
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, second, TimeSpan.Zero), ParseUplink(Samples.TheThingsStackTopic, payload).NetworkTime);
    }

    [Fact]
    public void Parse_UplinkMessageGivenTwice_CountsTheLast()
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, """
            {"uplink_message":{"frm_payload":"AQID","f_cnt":5,"rx_metadata":[{"gateway_ids":{"gateway_id":"a"}}]},
             "uplink_message":{"frm_payload":"gkHe"}}
            """);

        Assert.Equal(Convert.FromBase64String("gkHe"), uplink.Payload.ToArray());
        Assert.Null(uplink.FCnt);
        Assert.Empty(uplink.Receptions);
    }

    [Theory]
    [InlineData("""{"uplink_message":{"frm_payload":"gkHe"},"uplink_message":null}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"uplink_message":[{"frm_payload":"gkHe"}]}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"uplink_message":{"frm_payload":null}}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"uplink_message":{"frm_payload":["gkHe"]}}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"uplink_message":{"frm_payload":" "}}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"uplink_message":{"frm_payload":"gkHe!"}}""", LoRaWanParseStatus.BadBase64)]
    [InlineData("""{"uplink_message":{"frm_payload":"gkHe"},"junk":}""", LoRaWanParseStatus.NotJson)]
    public void Parse_UplinkMessageUnusable_SaysWhy(string payload, LoRaWanParseStatus expected)
    {
        var result = Parse(Samples.TheThingsStackTopic, payload);

        Assert.Equal(expected, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Theory]
    [InlineData("""{"end_device_ids":"dev1","uplink_message":{"frm_payload":"gkHe"}}""", "app1", "dev1", null)]
    [InlineData("""{"end_device_ids":{"application_ids":"app9","dev_eui":"nope"},"uplink_message":{"frm_payload":"gkHe"}}""", "app1", "dev1", null)]
    [InlineData("""{"end_device_ids":{"device_id":"dev9","application_ids":{"application_id":"app9"},"dev_eui":"AgICAgICAgI="},"uplink_message":{"frm_payload":"gkHe"}}""", "app9", "dev9", "0202020202020202")]
    public void Parse_DeviceIds_FromTheBodyElseTheTopic(string payload, string application, string device, string? devEui)
    {
        var uplink = ParseUplink(Samples.TheThingsStackTopic, payload);

        Assert.Equal(application, uplink.ApplicationId);
        Assert.Equal(device, uplink.NetworkServerDeviceId);
        Assert.Equal(devEui, uplink.DevEui);
    }
}
