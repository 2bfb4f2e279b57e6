using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.Telemetry.Tests.Points;

/// <summary>The writer's lines are the client's <see cref="PointData"/> lines, byte for byte.</summary>
public sealed class LineWriterTests
{
    public static TheoryData<string, string, double, string> Values => new()
    {
        { "wufu", "wufu-gate-north", -80, "serial" },
        { "wu fu", "gate,north=1", 7.1, "say \"hi\" \\o/" },
        { "tab\there", "new\nline\rreturn", 25.101012345678901, "" },
        { "逸夫", "=leading", -1e-300, "日本" },
        { "x", "y", double.NaN, "z" },
        { "x", "y", double.PositiveInfinity, "z" },
        { "", "y", 1.5, "z" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void End_TagsAndFieldsSortedByKey_GiveThePointDataLine(string community, string receiver, double number, string text)
    {
        var line = new LineWriter().Start("recep tion,x")
            .Tag("community", community)
            .Tag("gateway", "gw 1")
            .Tag("receiver", receiver)
            .Tag("seq", 4_000_000_000u)
            .Field("a=b", 42L)
            .Field("count", long.MinValue)
            .Field("rssi", number)
            .Field("text", text)
            .End(1_764_405_359_123_456_789);

        var expected = PointData.Measurement("recep tion,x")
            .Tag("receiver", receiver)
            .Tag("community", community)
            .Tag("seq", "4000000000")
            .Field("text", text)
            .Field("rssi", number)
            .Field("count", long.MinValue)
            .Field("a=b", 42L)
            .Timestamp(1_764_405_359_123_456_789, WritePrecision.Ns)
            .ToLineProtocol(new PointSettings().AddDefaultTag("gateway", "gw 1"));
        Assert.Equal(expected, line.ToString());
    }

    [Fact]
    public void Start_ReusedForALongerLine_GrowsAndForgetsTheLastLine()
    {
        var writer = new LineWriter();
        writer.Start("short").Field("v", 1L).End(1);

        var text = new string('x', 1_000);
        var line = writer.Start("long").Field("text", text).End(2).ToString();

        Assert.Equal($"long text=\"{text}\" 2", line);
    }
}
