using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

[Collection(GatewayIdCacheCollection.Name)]
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

    [Fact]
    public void Parse_FieldsInAnyOrder_ReadTheSame()
    {
        var reordered = ParseUplink(Samples.ChirpStackV4Topic, """
            {"rxInfo":[{"metadata":{"region_name":"eu868"},"snr":10.5,"rssi":-36,"context":"E3OWOQ==","uplinkId":4217106255,"gatewayId":"0016c001f153a14c"}],
             "txInfo":{"frequency":867100000},"data":"qg==","fPort":1,
             "deviceInfo":{"devEui":"0101010101010101","tags":{"key":"value"},"applicationId":"17c82e96-be03-4f38-aef3-f83d48582d97"},
             "time":"2022-07-18T09:34:15.775023242+00:00","deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d"}
            """);

        AssertSameUplink(ParseUplink(Samples.ChirpStackV4Topic, Samples.ChirpStackV4), reordered);
    }

    [Fact]
    public void Parse_SameNamesInsideUnknownObjectsAndArrays_AreSkipped()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"object":{"data":"AQID","rxInfo":[{"gatewayId":"ffffffffffffffff"}],"deep":[[[{"devEui":"0202020202020202"}]],{"fCnt":9}]},
             "deviceInfo":{"tags":{"devEui":"0303030303030303"},"devEui":"0101010101010101"},
             "data":"qg==","fCnt":3,
             "rxInfo":[{"gatewayId":"0016c001f153a14c","metadata":{"gatewayId":"0016c001f153a14d","rssi":-1,"location":{"latitude":1,"longitude":1}},"rssi":-36}],
             "txInfo":{"modulation":{"lora":{"data":"AQ==","fCnt":1}}}}
            """);

        Assert.Equal([0xAA], uplink.Payload.ToArray());
        Assert.Equal(3u, uplink.FCnt);
        Assert.Equal("0101010101010101", uplink.DevEui);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal(new LoRaWanReception("0016c001f153a14c", -36, 0, null, null), reception);
    }

    [Fact]
    public void Parse_EscapedStringsAndNames_AreUnescaped()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"deviceInfo":{"devEui":"\u003010101010101010\u0030","applicationId":"17c82e96\u002dbe03-4f38-aef3-f83d48582d97"},
             "\u0064ata":"qg\u003d\u003d","f\u0043nt":5,
             "rxInfo":[{"gatewayId":"\u0041BC\/1","rssi":-36,"time":"2023-11-02T10:00:00\u002e5Z"}]}
            """);

        Assert.Equal("0101010101010100", uplink.DevEui);
        Assert.Equal("17c82e96-be03-4f38-aef3-f83d48582d97", uplink.ApplicationId);
        Assert.Equal([0xAA], uplink.Payload.ToArray());
        Assert.Equal(5u, uplink.FCnt);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal("abc/1", reception.GatewayId);
        Assert.Equal(new DateTimeOffset(2023, 11, 2, 10, 0, 0, 500, TimeSpan.Zero), reception.Time);
    }

    [Fact]
    public void Parse_Base64AsSystemTextJsonEscapesIt_Decodes()
    {
        // "+/+/" with '+' escaped as \u002B (System.Text.Json's default encoder) and '/' as \/.
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"data":"\u002B\/\u002b/"}""");

        Assert.Equal([0xFB, 0xFF, 0xBF], uplink.Payload.ToArray());
    }

    [Theory]
    [InlineData(" q g = = ")]
    [InlineData("qg==\n")]
    [InlineData("ql==")]
    public void Parse_Base64WithWhiteSpaceOrUnusedBitsSet_IsReadAsConvertReadsIt(string data)
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, $$"""{"data":"{{data.Replace("\n", "\\n", StringComparison.Ordinal)}}"}""");

        Assert.Equal([0xAA], uplink.Payload.ToArray());
    }

    [Theory]
    [InlineData("""{"data":"   "}""")]
    [InlineData("""{"data":"\u00a0\t"}""")]
    [InlineData("""{"data":{"base64":"qg=="}}""")]
    [InlineData("""{"data":["qg=="]}""")]
    [InlineData("""{"data":true}""")]
    public void Parse_FrameFieldBlankOrNotAString_IsMissingData(string payload)
    {
        Assert.Equal(LoRaWanParseStatus.MissingData, Parse(Samples.ChirpStackV4Topic, payload).Status);
    }

    [Fact]
    public void Parse_LargeFrame_IsDecodedWhole()
    {
        var frame = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();

        var uplink = ParseUplink(Samples.ChirpStackV4Topic, $$"""{"data":"{{Convert.ToBase64String(frame)}}"}""");

        Assert.Equal(frame, uplink.Payload.ToArray());
    }

    [Fact]
    public void Parse_FieldGivenTwice_CountsItsLastOccurrence()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"deviceInfo":{"devEui":"0303030303030303"},"data":"AQ==","fCnt":1,"deviceInfo":7,"fCnt":"x","data":"qg==",
             "rxInfo":[{"gatewayId":"0016c001f153a14c"}],"rxInfo":[{"gatewayId":"0016c001f153a14d","rssi":-1,"rssi":-2}]}
            """);

        Assert.Equal(NetworkServerFormat.ChirpStackV3, uplink.Format);
        Assert.Equal("0101010101010101", uplink.DevEui);
        Assert.Equal([0xAA], uplink.Payload.ToArray());
        Assert.Null(uplink.FCnt);
        var reception = Assert.Single(uplink.Receptions);
        Assert.Equal("0016c001f153a14d", reception.GatewayId);
        Assert.Equal(-2, reception.RssiDbm);
    }

    [Fact]
    public void Parse_FrameFieldValidThenBroken_IsBroken()
    {
        Assert.Equal(LoRaWanParseStatus.BadBase64, Parse(Samples.ChirpStackV4Topic, """{"data":"qg==","data":"qg="}""").Status);
    }

    [Theory]
    [InlineData("""{"deviceInfo":{"devEui":"0303030303030303"},"devEUI":"0404040404040404","data":"qg=="}""", "0303030303030303")]
    [InlineData("""{"deviceInfo":{"devEui":"not an eui"},"devEUI":"0404040404040404","data":"qg=="}""", "0404040404040404")]
    [InlineData("""{"devEUI":"0404040404040404","devEui":"0505050505050505","data":"qg=="}""", "0404040404040404")]
    [InlineData("""{"devEUI":"","devEui":"0505050505050505","data":"qg=="}""", "0505050505050505")]
    [InlineData("""{"devEUI":"not an eui","devEui":"0505050505050505","data":"qg=="}""", "0101010101010101")]
    [InlineData("""{"deviceInfo":{"devEui":42},"devEUI":null,"data":"qg=="}""", "0101010101010101")]
    public void Parse_DevEui_FromDeviceInfoThenTopLevelThenTopic(string payload, string expected)
    {
        Assert.Equal(expected, ParseUplink(Samples.ChirpStackV4Topic, payload).DevEui);
    }

    [Fact]
    public void Parse_TopicDevEuiNotAnEui_LeavesItUnknown()
    {
        Assert.Null(ParseUplink("application/app/device/not-an-eui/event/up", """{"data":"qg=="}""").DevEui);
    }

    [Theory]
    [InlineData("""{"deviceInfo":{"applicationId":"a4"},"applicationID":"a3","applicationId":"a2","data":"qg=="}""", "a4")]
    [InlineData("""{"applicationID":"a3","applicationId":"a2","data":"qg=="}""", "a3")]
    [InlineData("""{"applicationID":"","applicationId":"a2","data":"qg=="}""", "a2")]
    [InlineData("""{"applicationId":{"id":"a2"},"data":"qg=="}""", "17c82e96-be03-4f38-aef3-f83d48582d97")]
    public void Parse_ApplicationId_FromDeviceInfoThenTopLevelThenTopic(string payload, string expected)
    {
        Assert.Equal(expected, ParseUplink(Samples.ChirpStackV4Topic, payload).ApplicationId);
    }

    [Fact]
    public void Parse_VeryLongApplicationId_IsKeptWhole()
    {
        var id = new string('a', 300);

        Assert.Equal(id, ParseUplink(Samples.ChirpStackV4Topic, $$"""{"applicationID":"{{id}}","data":"qg=="}""").ApplicationId);
    }

    [Theory]
    [InlineData("""{"gatewayId":"0016C001F153A14C","gatewayID":"0303030303030303"}""", "0016c001f153a14c")]
    [InlineData("""{"gatewayId":"","gatewayID":"0303030303030303"}""", "0303030303030303")]
    [InlineData("""{"gatewayId":"   ","gatewayID":"0303030303030303"}""", null)]
    [InlineData("""{"gatewayId":" Rooftop-1 "}""", "rooftop-1")]
    [InlineData("""{"gatewayId":"00:16:c0:01:f1:53:a1:4c"}""", "0016c001f153a14c")]
    [InlineData("""{"gatewayId":"0123456789012345678901234567890123456789012345678901234567890123"}""", "0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("""{"gatewayId":"01234567890123456789012345678901234567890123456789012345678901234"}""", null)]
    [InlineData("""{"gatewayId":["0016c001f153a14c"]}""", null)]
    public void Parse_GatewayId_NormalisedFromEitherName(string rx, string? expected)
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, $$"""{"data":"qg==","rxInfo":[{{rx}}]}""");

        Assert.Equal(expected, Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_GatewayIdFarTooLong_IsNoGateway()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, $$"""{"data":"qg==","rxInfo":[{"gatewayId":"{{new string('g', 5000)}}","rssi":-1}]}""");

        var reception = Assert.Single(uplink.Receptions);
        Assert.Null(reception.GatewayId);
        Assert.Equal(-1, reception.RssiDbm);
    }

    [Fact]
    public void Parse_SameGatewayInEveryMessage_IsOneString()
    {
        var first = Assert.Single(ParseUplink(Samples.ChirpStackV4Topic, Samples.ChirpStackV4).Receptions).GatewayId;
        var second = Assert.Single(ParseUplink(Samples.ChirpStackV4Topic, Samples.ChirpStackV4.Replace("0016c001f153a14c", "0016C001F153A14C", StringComparison.Ordinal)).Receptions).GatewayId;

        Assert.Same(first, second);
    }

    [Fact]
    public void Parse_ReceptionFields_UnderEveryName()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """
            {"data":"qg==","rxInfo":[
              {"gatewayId":"0016c001f153a14c","rssi":-40,"snr":2,"loRaSNR":9,"time":"2023-01-01T00:00:03Z","gwTime":"2023-01-01T00:00:02Z","nsTime":"2023-01-01T00:00:01Z"},
              {"gatewayId":"0016c001f153a14c","rssi":"-41.5","loRaSNR":" -3.25 ","time":"2023-01-01T00:00:03Z","gwTime":"2023-01-01T00:00:02Z"},
              {"gatewayId":"0016c001f153a14c","rssi":"loud","snr":"NaN","time":"2023-01-01T00:00:03Z","gwTime":"yesterday"},
              {"gatewayId":"0016c001f153a14c","rssi":1e400,"snr":-1e400,"time":1672531200}]}
            """);

        var at = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new LoRaWanReception("0016c001f153a14c", -40, 2, null, at.AddSeconds(1)),
                new LoRaWanReception("0016c001f153a14c", -41.5, -3.25, null, at.AddSeconds(2)),
                new LoRaWanReception("0016c001f153a14c", null, null, null, at.AddSeconds(3)),
                new LoRaWanReception("0016c001f153a14c", null, null, null, null),
            ],
            uplink.Receptions);
        Assert.Equal(at.AddSeconds(1), uplink.NetworkTime);
    }

    [Theory]
    [InlineData("\"17\"", 17u)]
    [InlineData("4294967295", uint.MaxValue)]
    [InlineData("4294967296", null)]
    [InlineData("-1", null)]
    [InlineData("1.5", null)]
    [InlineData("\"+3\"", null)]
    [InlineData("\" 3\"", null)]
    [InlineData("true", null)]
    [InlineData("{\"value\":3}", null)]
    public void Parse_FCnt_AWholeNumberOrAStringOfDigits(string value, uint? expected)
    {
        Assert.Equal(expected, ParseUplink(Samples.ChirpStackV4Topic, $$"""{"fCnt":{{value}},"data":"qg=="}""").FCnt);
    }

    [Theory]
    [InlineData("""{"latitude":"25.1","longitude":"105.47"}""", 25.1, 105.47)]
    [InlineData("""{"longitude":105.47,"latitude":25.1,"source":"GPS"}""", 25.1, 105.47)]
    [InlineData("""{"latitude":25.1}""", null, null)]
    [InlineData("""{"latitude":-91,"longitude":0}""", null, null)]
    [InlineData("""[25.1,105.47]""", null, null)]
    [InlineData("""null""", null, null)]
    public void Parse_Location_BothCoordinatesInRange(string location, double? latitude, double? longitude)
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, $$"""{"data":"qg==","rxInfo":[{"gatewayId":"g1","location":{{location}}}]}""");

        var expected = latitude is { } lat ? new GeoPoint(lat, longitude!.Value) : (GeoPoint?)null;
        Assert.Equal(expected, Assert.Single(uplink.Receptions).Location);
    }

    [Theory]
    [InlineData("""{"data":"qg==","rxInfo":{"gatewayId":"0016c001f153a14c"}}""")]
    [InlineData("""{"data":"qg==","rxInfo":"0016c001f153a14c"}""")]
    [InlineData("""{"data":"qg==","rxInfo":null}""")]
    public void Parse_RxInfoNotAnArray_HasNoReceptions(string payload)
    {
        Assert.Empty(ParseUplink(Samples.ChirpStackV4Topic, payload).Receptions);
    }

    [Fact]
    public void Parse_OnlyTheFrame_TakesEverythingElseFromTheTopic()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"data":"qg=="}""");

        Assert.Equal(NetworkServerFormat.ChirpStackV3, uplink.Format);
        Assert.Equal("17c82e96-be03-4f38-aef3-f83d48582d97", uplink.ApplicationId);
        Assert.Equal("0101010101010101", uplink.DevEui);
        Assert.Null(uplink.FPort);
        Assert.Null(uplink.FCnt);
        Assert.Null(uplink.NetworkTime);
        Assert.Empty(uplink.Receptions);
    }
}
