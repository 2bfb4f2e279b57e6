using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.LoRaP2P;

public sealed class Rak3172LineParserTests
{
    [Theory]
    [InlineData("+EVT:RXP2P:-30:13:1234", -30, 13, "1234")]
    [InlineData("+EVT:RXP2P:-110:-5:00112233", -110, -5, "00112233")]
    [InlineData("+EVT:RXP2P:-87:0:abcdef", -87, 0, "ABCDEF")]
    [InlineData("+EVT:RXP2P:-87:-20:AbCdEf\r\n", -87, -20, "ABCDEF")]
    [InlineData("  +EVT:RXP2P:5:+7:FF  ", 5, 7, "FF")]
    public void Parse_CurrentReceiveEvent_IsReception(string line, int rssi, int snr, string hex)
    {
        var parsed = Rak3172LineParser.Parse(line);

        Assert.Equal(Rak3172LineKind.Reception, parsed.Kind);
        Assert.Equal(rssi, parsed.RssiDbm);
        Assert.Equal(snr, parsed.SnrDb);
        Assert.Equal(Convert.FromHexString(hex), parsed.Payload);
    }

    [Theory]
    [InlineData("+EVT:RXP2P, RSSI -110, SNR 5", -110, 5)]
    [InlineData("+EVT:RXP2P, RSSI -30, SNR -12", -30, -12)]
    [InlineData("+EVT:RXP2P,RSSI -30,SNR 13", -30, 13)]
    public void Parse_OlderReceiveHeader_IsLegacyHeader(string line, int rssi, int snr)
    {
        var parsed = Rak3172LineParser.Parse(line);

        Assert.Equal(Rak3172LineKind.LegacyReceptionHeader, parsed.Kind);
        Assert.Equal(rssi, parsed.RssiDbm);
        Assert.Equal(snr, parsed.SnrDb);
    }

    [Theory]
    [InlineData("+EVT:00112233", "00112233")]
    [InlineData("+EVT:abcdef01", "ABCDEF01")]
    public void Parse_OlderPayloadLine_IsLegacyPayload(string line, string hex)
    {
        var parsed = Rak3172LineParser.Parse(line);

        Assert.Equal(Rak3172LineKind.LegacyPayload, parsed.Kind);
        Assert.Equal(Convert.FromHexString(hex), parsed.Payload);
    }

    [Theory]
    [InlineData("OK", Rak3172LineKind.Ok)]
    [InlineData("AT_ERROR", Rak3172LineKind.Error)]
    [InlineData("AT_PARAM_ERROR", Rak3172LineKind.Error)]
    [InlineData("AT_BUSY_ERROR", Rak3172LineKind.Error)]
    [InlineData("AT_COMMAND_NOT_FOUND", Rak3172LineKind.Error)]
    [InlineData("+EVT:RXP2P RECEIVE ERROR", Rak3172LineKind.ReceiveError)]
    [InlineData("+EVT:RXP2P RECEIVE TIMEOUT", Rak3172LineKind.ReceiveTimeout)]
    [InlineData("+EVT:TXP2P DONE", Rak3172LineKind.TransmitDone)]
    [InlineData("RAKwireless RAK3172-E Example", Rak3172LineKind.Restart)]
    [InlineData("Current Work Mode: LoRa P2P.", Rak3172LineKind.Restart)]
    [InlineData("AT+NWM=0", Rak3172LineKind.Echo)]
    [InlineData("AT+PRECV=65534", Rak3172LineKind.Echo)]
    [InlineData("", Rak3172LineKind.Empty)]
    [InlineData("   \r\n", Rak3172LineKind.Empty)]
    [InlineData("------------------------------------------------------", Rak3172LineKind.Other)]
    [InlineData("+EVT:JOINED", Rak3172LineKind.Other)]
    [InlineData("ok", Rak3172LineKind.Other)]
    public void Parse_RepliesAndEvents_AreClassified(string line, Rak3172LineKind kind)
    {
        Assert.Equal(kind, Rak3172LineParser.Parse(line).Kind);
    }

    [Theory]
    [InlineData("+EVT:RXP2P:-30:13:", "empty payload")]
    [InlineData("+EVT:RXP2P:-30:13:123", "odd number of hex digits")]
    [InlineData("+EVT:RXP2P:-30:13:12G4", "payload is not hex")]
    [InlineData("+EVT:RXP2P:-30:13", "expected <rssi>:<snr>:<hex>")]
    [InlineData("+EVT:RXP2P:-30", "expected <rssi>:<snr>:<hex>")]
    [InlineData("+EVT:RXP2P:abc:13:1234", "RSSI is not a number of dBm")]
    [InlineData("+EVT:RXP2P:-30:1.5:1234", "SNR is not a number of dB")]
    [InlineData("+EVT:RXP2P:99999999999999:13:1234", "RSSI is not a number of dBm")]
    [InlineData("+EVT:RXP2P:-30:-99999999999:1234", "SNR is not a number of dB")]
    [InlineData("+EVT:RXP2P, RSSI -110", "no SNR")]
    [InlineData("+EVT:RXP2P, SNR 5", "no RSSI")]
    [InlineData("+EVT:123", "odd number of hex digits")]
    public void Parse_BrokenReceiveEvent_IsMalformedWithReason(string line, string reason)
    {
        var parsed = Rak3172LineParser.Parse(line);

        Assert.Equal(Rak3172LineKind.Malformed, parsed.Kind);
        Assert.Equal(reason, parsed.Reason);
        Assert.Null(parsed.Payload);
    }

    [Fact]
    public void Parse_PayloadOver255Bytes_IsMalformed()
    {
        var parsed = Rak3172LineParser.Parse("+EVT:RXP2P:-30:13:" + new string('A', 512));

        Assert.Equal(Rak3172LineKind.Malformed, parsed.Kind);
    }

    [Fact]
    public void Parse_RandomInput_NeverThrows()
    {
        var random = new Random(4321);
        var alphabet = "+EVT:RXP2P,RSSI SNR-0123456789abcdefABCDEFOK_\r\n".ToCharArray();
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 60)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var prefix = random.Next(3) switch { 0 => "+EVT:RXP2P:", 1 => "+EVT:", _ => "" };
            _ = Rak3172LineParser.Parse(prefix + new string(chars));
        }
    }
}
