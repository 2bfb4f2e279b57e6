using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Output;

public sealed class FormattingTests
{
    private readonly FakeTimeProvider _time;

    public FormattingTests()
    {
        _time = new FakeTimeProvider(TestConsole.Now);
        _time.SetLocalTimeZone(TestConsole.ChinaStandardTime);
    }

    [Fact]
    public void EventRow_ShowsEveryColumnInLocalTime()
    {
        var row = AlarmEventRows.Row(Samples.Event(42), _time);

        Assert.Equal(
            "2026-05-01 14:04:04       42  raised        critical  stolen-bike-sighted     blue Yadea e-bike         wufu→tiangu       open              3  25.12346,105.65432 ±35 m",
            row);
    }

    [Fact]
    public void EventRow_LinesUpWithTheHeader()
    {
        var header = AlarmEventRows.Header();
        var row = AlarmEventRows.Row(Samples.Event(42), _time);

        Assert.Equal(header.IndexOf("EVENT", StringComparison.Ordinal), row.IndexOf("raised", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("KIND", StringComparison.Ordinal), row.IndexOf("stolen-bike-sighted", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("PLACE", StringComparison.Ordinal), row.IndexOf("25.12346", StringComparison.Ordinal));
    }

    [Fact]
    public void EventRow_WideCharactersKeepTheColumnsInLine()
    {
        var alarmEvent = Samples.Event(7);
        alarmEvent.Alarm.Subject = "王奶奶";
        alarmEvent.Alarm.Kind = AlarmKind.LeftSafeZone;

        var row = AlarmEventRows.Row(alarmEvent, _time);
        var header = AlarmEventRows.Header();

        var beforeCommunity = row[..row.IndexOf("wufu", StringComparison.Ordinal)];
        Assert.Equal(header.IndexOf("COMMUNITY", StringComparison.Ordinal), DisplayWidth.Of(beforeCommunity));
    }

    [Fact]
    public void EventRow_MissingValues_ShowADash()
    {
        var alarmEvent = new AlarmEvent { Sequence = 3, Type = AlarmEventType.Acknowledged, Alarm = new Alarm { ReceiverId = "wufu-gate-north" } };

        var row = AlarmEventRows.Row(alarmEvent, _time);

        Assert.StartsWith("-                          3  acknowledged", row, StringComparison.Ordinal);
        Assert.Contains("receiver wufu-gate-north", row, StringComparison.Ordinal);
        Assert.EndsWith("  -", row, StringComparison.Ordinal);
    }

    [Fact]
    public void EventRow_LongSubject_IsCutWithAnEllipsis()
    {
        var alarmEvent = Samples.Event(1);
        alarmEvent.Alarm.Subject = "a very long subject that does not fit its column at all";

        var row = AlarmEventRows.Row(alarmEvent, _time);

        Assert.Contains("a very long subject tha…", row, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLine_IsOneLineOfTheProto3JsonMapping()
    {
        var line = Formats.JsonLine(Samples.Event(42));

        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("42", root.GetProperty("sequence").GetString());
        Assert.Equal("ALARM_EVENT_TYPE_RAISED", root.GetProperty("type").GetString());
        Assert.Equal("2026-05-01T06:04:04Z", root.GetProperty("at").GetString());
        Assert.Equal("ALARM_KIND_STOLEN_BIKE_SIGHTED", root.GetProperty("alarm").GetProperty("kind").GetString());
        Assert.Equal(35.4, root.GetProperty("alarm").GetProperty("location").GetProperty("accuracyMetres").GetDouble());
    }

    [Fact]
    public void Place_RoundsToAMetreAndFiveDecimals()
    {
        Assert.Equal("25.12346,105.65432 ±35 m", Formats.Place(Samples.Alarm().Location));
        Assert.Equal("-", Formats.Place(null));
    }

    [Fact]
    public void Community_ShowsWhereASightingWasWhenElsewhere()
    {
        Assert.Equal("wufu→tiangu", Formats.Community(Samples.Alarm()));
        Assert.Equal("wufu", Formats.Community(new Alarm { HomeCommunityId = "wufu", SeenCommunityId = "wufu" }));
    }

    [Fact]
    public void TextTable_AlignsColumnsAndNumbersRight()
    {
        var table = new TextTable(new("ID", true), new("NAME"), new("NOTE"));
        table.Add("7", "王奶奶", "x");
        table.Add("1234", "Li", null);
        using var writer = new StringWriter();

        table.WriteTo(writer);

        Assert.Equal(
            ["  ID  NAME    NOTE", "   7  王奶奶  x", "1234  Li      -"],
            writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("王奶奶", 6)]
    [InlineData("Wufu 五福", 9)]
    [InlineData("", 0)]
    public void DisplayWidth_CountsWideCharactersTwice(string text, int expected)
    {
        Assert.Equal(expected, DisplayWidth.Of(text));
    }
}
