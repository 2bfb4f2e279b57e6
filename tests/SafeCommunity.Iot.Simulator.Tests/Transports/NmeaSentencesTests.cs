using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Receivers.Serial.Gnss;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.Simulator.Tests.Transports;

public sealed class NmeaSentencesTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 29, 8, 35, 59, TimeSpan.Zero);

    [Theory]
    [InlineData("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*43", "43")]   // PROTOCOL.md §2.3
    [InlineData("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", "47")]          // the classic NMEA example
    public void Checksum_OfPublishedSentences_MatchesTheirChecksum(string sentence, string expected)
    {
        Assert.Equal(expected, NmeaSentences.Checksum(sentence));
    }

    [Fact]
    public void Rmc_HasTheRightChecksumAndFields()
    {
        var rmc = NmeaSentences.Rmc(Time, new GeoPoint(25.1012345, 105.4712345), 6, 181.5);

        Assert.StartsWith("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,11.663,181.50,291126,,,A*", rmc, StringComparison.Ordinal);
        Assert.True(NmeaPositionParser.HasValidChecksum(rmc, out var problem), problem);
        Assert.InRange(rmc.Length, 6, 80);
    }

    [Fact]
    public void Gga_HasTheRightChecksumAndFields()
    {
        var gga = NmeaSentences.Gga(Time, new GeoPoint(25.1012345, 105.4712345), 14, 0.8, 1372);

        Assert.StartsWith("$GNGGA,083559.00,2506.07407,N,10528.27407,E,1,14,0.8,1372.0,M,", gga, StringComparison.Ordinal);
        Assert.True(NmeaPositionParser.HasValidChecksum(gga, out var problem), problem);
        Assert.InRange(gga.Length, 6, 80);
    }

    [Theory]
    [InlineData(25.1012345, 105.4712345)]
    [InlineData(25.0899999, 105.4619999)]
    [InlineData(25.1, 105.5)]
    [InlineData(-33.8688, -151.2093)]
    public void Sentences_ParseBackWithTheGatewaysParser_ToTheSamePosition(double latitude, double longitude)
    {
        var parser = new NmeaPositionParser();
        var position = new GeoPoint(latitude, longitude);

        var rmc = parser.Parse(NmeaSentences.Rmc(Time, position, 5, 90), Time);
        var gga = parser.Parse(NmeaSentences.Gga(Time, position, 12, 0.9, 1372), Time);

        Assert.Equal(NmeaParseStatus.Position, rmc.Status);
        Assert.Equal(NmeaParseStatus.Position, gga.Status);
        Assert.True(LocalGeodesy.DistanceMetres(position, rmc.Position!.Value) < 0.1);
        Assert.True(LocalGeodesy.DistanceMetres(position, gga.Position!.Value) < 0.1);
    }
}
