using SafeCommunity.Iot.Receivers.Serial.Gnss;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Gnss;

public sealed class NmeaPositionParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 36, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_ProtocolExampleRmc_IsTheExamplePosition()
    {
        const string Sentence = "$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*43";

        var result = new NmeaPositionParser().Parse(Sentence, Now);

        Assert.Equal(NmeaParseStatus.Position, result.Status);
        Assert.Equal(25.1012345, result.Position!.Value.Latitude, 7);
        Assert.Equal(105.4712345, result.Position.Value.Longitude, 7);
        Assert.Equal(Sentence, TestData.WithChecksum(TestData.Rmc));
    }

    [Theory]
    [InlineData("$GPGGA,083559.00,2506.07407,N,10528.27407,E,1,08,0.9,1100.0,M,-30.0,M,,*")]
    [InlineData("$GNGGA,083559.00,2506.07407,N,10528.27407,E,2,12,0.7,1100.0,M,-30.0,M,,*")]
    [InlineData("$GPRMC,083559.00,A,2506.07407,N,10528.27407,E,0.0,0.0,291126,,*")]
    public void Parse_ValidRmcOrGga_IsAPosition(string sentence)
    {
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum(sentence), Now);

        Assert.Equal(NmeaParseStatus.Position, result.Status);
        Assert.Equal(25.1012345, result.Position!.Value.Latitude, 6);
        Assert.Equal(105.4712345, result.Position.Value.Longitude, 6);
    }

    [Fact]
    public void Parse_SouthWest_IsNegative()
    {
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum("$GPRMC,083559.00,A,3351.50000,S,07037.80000,W,0.0,0.0,291126,,,A*"), Now);

        Assert.Equal(NmeaParseStatus.Position, result.Status);
        Assert.Equal(-33.858333, result.Position!.Value.Latitude, 5);
        Assert.Equal(-70.63, result.Position.Value.Longitude, 5);
    }

    [Fact]
    public void Parse_JunkBeforeDollar_IsCutAndParsed()
    {
        var result = new NmeaPositionParser().Parse("\u0001@@xx" + TestData.WithChecksum(TestData.Rmc), Now);

        Assert.Equal(NmeaParseStatus.Position, result.Status);
    }

    [Theory]
    [InlineData("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*44", "bad checksum")]
    [InlineData("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A", "no checksum")]
    [InlineData("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*4", "no checksum")]
    [InlineData("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*ZZ", "checksum is not hex")]
    [InlineData("GNRMC,083559.00,A,2506.07407,N*43", "no '$'")]
    [InlineData("", "no '$'")]
    public void Parse_BadChecksumOrNoSentence_IsInvalid(string line, string reason)
    {
        var result = new NmeaPositionParser().Parse(line, Now);

        Assert.Equal(NmeaParseStatus.Invalid, result.Status);
        Assert.Equal(reason, result.Reason);
        Assert.Null(result.Position);
    }

    [Theory]
    [InlineData("$GNRMC,083559.00,V,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,N*")]
    [InlineData("$GNRMC,083559.00,V,,,,,,,291126,,,N*")]
    [InlineData("$GPGGA,083559.00,2506.07407,N,10528.27407,E,0,00,99.9,,M,,M,,*")]
    [InlineData("$GPGGA,083559.00,,,,,0,00,99.9,,,,,,*")]
    public void Parse_StatusVOrFixQualityZero_IsNoFix(string sentence)
    {
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum(sentence), Now);

        Assert.Equal(NmeaParseStatus.NoFix, result.Status);
        Assert.Null(result.Position);
    }

    [Theory]
    [InlineData("$GPGGA,083559,2506.074,N,10528.274,E,1,99999999999,0.9,1100,M,-30,M,,*")]
    [InlineData("$GPGGA,083559,2506.074,N,10528.274,E,99999999999,08,0.9,1100,M,-30,M,,*")]
    public void Parse_OverflowingNumber_IsInvalidInsteadOfThrowing(string sentence)
    {
        // Iot.Device.Bindings 4.2.0 lets this OverflowException out of TryGetTypedValue.
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum(sentence), Now);

        Assert.Equal(NmeaParseStatus.Invalid, result.Status);
        Assert.Contains(nameof(OverflowException), result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,1e999,77.52,291126,,,A*")]
    [InlineData("$GNRMC,999999.00,A,2506.07407,N,10528.27407,E,0.0,77.52,999999,,,A*")]
    [InlineData("$GNRMC,083559.00,A,2506.07407,Q,10528.27407,E,0.0,77.52,291126,,,A*")]
    [InlineData("$GPRMC,083559.00,A,9506.07407,N,10528.27407,E,0.0,0.0,291126,,*")]
    public void Parse_MalformedFields_IsInvalid(string sentence)
    {
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum(sentence), Now);

        Assert.Equal(NmeaParseStatus.Invalid, result.Status);
        Assert.Equal("malformed RMC", result.Reason);
    }

    [Fact]
    public void Parse_LongerThanNmeaAllows_IsInvalid()
    {
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum("$GNRMC,083559,A,99999999999999999999999999999999999,N,10528.274,E,0.0,77.52,291126,,,A*"), Now);

        Assert.Equal(NmeaParseStatus.Invalid, result.Status);
    }

    [Theory]
    [InlineData("$GPGSV,3,1,11,10,63,137,17,07,61,098,15,05,59,290,20,08,54,157,30*")]
    [InlineData("$GPVTG,77.52,T,,M,0.004,N,0.008,K,A*")]
    public void Parse_OtherSentences_AreIgnored(string sentence)
    {
        var result = new NmeaPositionParser().Parse(TestData.WithChecksum(sentence), Now);

        Assert.Equal(NmeaParseStatus.Ignored, result.Status);
    }

    [Fact]
    public void Parse_RandomInput_NeverThrows()
    {
        var random = new Random(1234);
        var parser = new NmeaPositionParser();
        var alphabet = "$GPRMCGA,.*0123456789ABCDEFNSEWV-+e \u0001".ToCharArray();
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 90)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var line = new string(chars);
            _ = parser.Parse(random.Next(2) == 0 ? line : TestData.WithChecksum("$GPRMC," + line + "*"), Now);
        }
    }
}
