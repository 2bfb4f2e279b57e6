using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

public sealed class ChirpStackUplinkParserTests
{
    [Fact]
    public void Parse_V4OfficialExample_ReadsFrameIdentityAndReception()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, Samples.ChirpStackV4);

        Assert.Equal(NetworkServerFormat.ChirpStackV4, uplink.Format);
        Assert.Equal([0xAA], uplink.Payload.ToArray());
        Assert.Equal("0101010101010101", uplink.DevEui);
        Assert.Null(uplink.NetworkServerDeviceId);
        Assert.Equal("17c82e96-be03-4f38-aef3-f83d48582d97", uplink.ApplicationId);
        Assert.Equal(1, uplink.FPort);
        Assert.Null(uplink.FCnt);
        Assert.Equal(new DateTimeOffset(2022, 7, 18, 9, 34, 15, TimeSpan.Zero).AddTicks(7750232), uplink.NetworkTime);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal("0016c001f153a14c", reception.GatewayId);
        Assert.Equal(-36, reception.RssiDbm);
        Assert.Equal(10.5, reception.SnrDb);
        Assert.Null(reception.Location);
    }

    [Fact]
    public void Parse_V3LegacyJsonOnRxTopic_ReadsGatewayIdLoRaSnrAndLocation()
    {
        var uplink = ParseUplink(Samples.ChirpStackV3LegacyTopic, Samples.ChirpStackV3Legacy);

        Assert.Equal(NetworkServerFormat.ChirpStackV3Legacy, uplink.Format);
        Assert.Equal([1, 2, 3], uplink.Payload.ToArray());
        Assert.Equal("0202020202020202", uplink.DevEui);
        Assert.Equal("123", uplink.ApplicationId);
        Assert.Equal(5, uplink.FPort);
        Assert.Equal(10u, uplink.FCnt);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal("0303030303030303", reception.GatewayId);
        Assert.Equal(-57, reception.RssiDbm);
        Assert.Equal(10, reception.SnrDb);
        Assert.Equal(new GeoPoint(52.3740364, 4.9144401), reception.Location);
        Assert.Equal(new DateTimeOffset(2016, 11, 25, 16, 24, 37, TimeSpan.Zero).AddTicks(2959159), reception.Time);
    }

    [Fact]
    public void Parse_V3JsonOnEventUpTopic_IsChirpStackV3()
    {
        var uplink = ParseUplink(Samples.ChirpStackV3Topic, Samples.ChirpStackV3Legacy);

        Assert.Equal(NetworkServerFormat.ChirpStackV3, uplink.Format);
        Assert.Equal("0303030303030303", Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_V3ProtobufJsonMarshaler_DecodesBase64Euis()
    {
        // ChirpStack v3 with marshaler "json" writes EUIs as base64 of their bytes.
        const string Payload = """
            {"applicationID":"123","devEUI":"AgICAgICAgI=","rxInfo":[{"gatewayID":"AwMDAwMDAwM=","rssi":-57,"loRaSNR":7.5}],"fPort":5,"data":"AQID"}
            """;

        var uplink = ParseUplink(Samples.ChirpStackV3Topic, Payload);

        Assert.Equal("0202020202020202", uplink.DevEui);
        Assert.Equal("0303030303030303", Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_MissingFCntAndFPort_LeavesThemNull()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg==","rxInfo":[{"gatewayId":"0016c001f153a14c","rssi":-80,"snr":3}]}""");

        Assert.Null(uplink.FCnt);
        Assert.Null(uplink.FPort);
        Assert.Equal([0xAA], uplink.Payload.ToArray());
    }

    [Fact]
    public void Parse_ZeroSnrDroppedInsideRxInfo_ReadsSnrZero()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg==","rxInfo":[{"gatewayId":"0016c001f153a14c","rssi":-101}]}""");

        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal(-101, reception.RssiDbm);
        Assert.Equal(0, reception.SnrDb);
    }

    [Fact]
    public void Parse_NoRssiNoSnrInRxInfo_LeavesBothUnknown()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg==","rxInfo":[{"gatewayId":"0016c001f153a14c"}]}""");

        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal("0016c001f153a14c", reception.GatewayId);
        Assert.Null(reception.RssiDbm);
        Assert.Null(reception.SnrDb);
    }

    [Fact]
    public void Parse_UpperCaseEuis_AreLowerCased()
    {
        var uplink = ParseUplink(
            "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101ABCDEF/event/up",
            """{"deviceInfo":{"devEui":"0101010101ABCDEF"},"data":"qg==","rxInfo":[{"gatewayId":"0016C001F153A14C","rssi":-36,"snr":1}]}""");

        Assert.Equal("0101010101abcdef", uplink.DevEui);
        Assert.Equal("0016c001f153a14c", Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_GwTimeAndNsTime_InsteadOfTime()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"deviceInfo":{"devEui":"0101010101010101","deviceClassEnabled":"CLASS_A"},"regionConfigId":"cn470_10","data":"qg==",
             "rxInfo":[{"gatewayId":"0016c001f153a14c","rssi":-36,"snr":10.5,"gwTime":"2023-11-02T10:00:00.123456789+00:00",
               "nsTime":"2023-11-02T10:00:00.200000001+08:00","crcStatus":"CRC_OK","location":{}}]}
            """);

        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal(new DateTimeOffset(2023, 11, 2, 10, 0, 0, TimeSpan.FromHours(8)).AddTicks(2000000), reception.Time);
        Assert.Equal(reception.Time, uplink.NetworkTime);
        Assert.Null(reception.Location);
    }

    [Fact]
    public void Parse_EmptyOrZeroLocation_HasNoLocation()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"deviceInfo":{"devEui":"0101010101010101"},"data":"qg==","rxInfo":[
              {"gatewayId":"0016c001f153a14c","rssi":-36,"location":{}},
              {"gatewayId":"0016c001f153a14d","rssi":-37,"location":{"latitude":0,"longitude":0}},
              {"gatewayId":"0016c001f153a14e","rssi":-38,"location":{"latitude":95,"longitude":10}},
              {"gatewayId":"0016c001f153a14f","rssi":-39,"location":{"latitude":25.1,"longitude":105.47,"altitude":1300}}]}
            """);

        Assert.Equal([null, null, null, new GeoPoint(25.1, 105.47)], uplink.Receptions.Select(r => r.Location));
    }

    [Fact]
    public void Parse_SeveralGateways_GivesOneReceptionEach()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"deviceInfo":{"devEui":"0101010101010101"},"data":"qg==","rxInfo":[
              {"gatewayId":"0016c001f153a14c","rssi":-36,"snr":10.5},"not an object",
              {"gatewayId":"0016c001f153a14d","rssi":-90,"snr":-7.25}]}
            """);

        Assert.Equal(["0016c001f153a14c", "0016c001f153a14d"], uplink.Receptions.Select(r => r.GatewayId));
        Assert.Equal([-36.0, -90.0], uplink.Receptions.Select(r => r.RssiDbm!.Value));
        Assert.Equal([10.5, -7.25], uplink.Receptions.Select(r => r.SnrDb!.Value));
    }

    [Fact]
    public void Parse_MoreReceptionsThanTheLimit_KeepsTheFirst()
    {
        var rx = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"gatewayId":"00000000000000{{i:x2}}","rssi":-50}"""));
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, $$"""{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg==","rxInfo":[{{rx}}]}""");

        Assert.Equal(LoRaWanMessageParser.MaxReceptions, uplink.Receptions.Count);
    }

    [Fact]
    public void Parse_NoRxInfo_HasNoReceptions()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg=="}""");

        Assert.Empty(uplink.Receptions);
    }

    [Fact]
    public void Parse_NoDevEuiInBody_TakesTheTopics()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"data":"qg==","rxInfo":[]}""");

        Assert.Equal("0101010101010101", uplink.DevEui);
        Assert.Equal("17c82e96-be03-4f38-aef3-f83d48582d97", uplink.ApplicationId);
    }

    [Theory]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"rxInfo":[]}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"data":null}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"data":""}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"data":42}""", LoRaWanParseStatus.MissingData)]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg=!"}""", LoRaWanParseStatus.BadBase64)]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"data":"not base64 at all"}""", LoRaWanParseStatus.BadBase64)]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"},"data":"qg="}""", LoRaWanParseStatus.BadBase64)]
    public void Parse_BadFrameField_SaysWhy(string payload, LoRaWanParseStatus expected)
    {
        var result = Parse(Samples.ChirpStackV4Topic, payload);

        Assert.Equal(expected, result.Status);
        Assert.Null(result.Uplink);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Fact]
    public void Parse_ExtraAndUnexpectedlyTypedFields_AreIgnored()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"deviceInfo":{"devEui":"0101010101010101","tags":[1,2,3]},"data":"qg==","fCnt":"17","fPort":-3,"object":{"a":{"b":[null,true]}},
             "rxInfo":[{"gatewayId":42,"rssi":"-77","snr":"bad","location":"somewhere"}], "future":{"field":1}}
            """);

        Assert.Equal(17u, uplink.FCnt);
        Assert.Null(uplink.FPort);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Null(reception.GatewayId);
        Assert.Equal(-77, reception.RssiDbm);
        Assert.Equal(0, reception.SnrDb);
        Assert.Null(reception.Location);
    }
}
