using System.Text;
using System.Text.Json;
using SafeCommunity.Iot.Core.Json;

namespace SafeCommunity.Iot.Core.Tests.Json;

public sealed class JsonEscapesTests
{
    [Theory]
    [InlineData("""{"name":"plain"}""")]
    [InlineData("""{"name":"\ud83d\ude00 smile"}""")]
    [InlineData("""{"name":"\u96c5\u8fea","kind":"\n\t\"\\"}""")]
    [InlineData("""{"path":"C:\\ud800"}""")]
    [InlineData("""{"name":"雅迪 😀"}""")]
    public void FindUnpairedSurrogate_TextEveryStringOfWhichReads_FindsNothing(string json)
    {
        Assert.Equal(-1, JsonEscapes.FindUnpairedSurrogate(json));
        Assert.Equal(-1, JsonEscapes.FindUnpairedSurrogate(Encoding.UTF8.GetBytes(json)));
        AllStringsRead(json);
    }

    [Theory]
    [InlineData("""{"key":"\udfea"}""", 8)]
    [InlineData("""{"key":"x\ud800"}""", 9)]
    [InlineData("""{"key":"\ud800x"}""", 8)]
    [InlineData("""{"key":"\ud800\n"}""", 8)]
    [InlineData("""{"key":"\ud800\ud800\udc00"}""", 8)]
    [InlineData("""{"key":"\ud83d\ude00\ude00"}""", 20)]
    [InlineData("""{"a":"\ud83d\ude00","b":"\uDBFF"}""", 25)]
    public void FindUnpairedSurrogate_HalfAPair_IsFoundAtItsBackslash(string json, int expected)
    {
        Assert.Equal(expected, JsonEscapes.FindUnpairedSurrogate(json));
        Assert.Equal(expected, JsonEscapes.FindUnpairedSurrogate(Encoding.UTF8.GetBytes(json)));

        // What the check is for: the document parses, yet reading that string throws.
        using var document = JsonDocument.Parse(json);
        Assert.Throws<InvalidOperationException>(() => AllStringsRead(json));
    }

    [Fact]
    public void LineAndPosition_CountsLinesAndOneBasedPositions()
    {
        var text = "{\n  \"key\": \"\\udfea\"\n}";
        var at = JsonEscapes.FindUnpairedSurrogate(text);

        Assert.Equal((2, 11), JsonEscapes.LineAndPosition(text.AsSpan(), at));
        Assert.Equal((1, 1), JsonEscapes.LineAndPosition(text.AsSpan(), 0));
    }

    private static void AllStringsRead(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            _ = property.Value.GetString();
        }
    }
}
