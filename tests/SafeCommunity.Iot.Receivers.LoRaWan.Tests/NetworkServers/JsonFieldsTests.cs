using System.Buffers;
using System.Text;
using System.Text.Json;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary><see cref="JsonFields.NextProperty"/>: property names as the parsers compare them.</summary>
public sealed class JsonFieldsTests
{
    [Theory]
    [InlineData("""{"data":1}""", "data")]
    [InlineData("""{"\u0064\u0061ta":1}""", "data")]
    [InlineData("""{"gateway\u005fid":1}""", "gateway_id")]
    [InlineData("""{"a\"b\\c\/d\n":1}""", "a\"b\\c/d\n")]
    [InlineData("""{"":1}""", "")]
    [InlineData("""{"dét":1}""", "dét")]
    public void NextProperty_Name_IsUnescaped(string json, string expected)
    {
        Assert.Equal(expected, FirstName(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(expected, FirstName(Segments.ByteAtATime(Encoding.UTF8.GetBytes(json))));
    }

    [Theory]
    [InlineData("""{"da\udfeata":1}""")]
    [InlineData("""{"d\u00e9ta":1}""")]
    [InlineData("""{"application_ids_and_then_some_more":1}""")]
    [InlineData("""{"\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061":1}""")]
    public void NextProperty_NameNoFieldCanHave_IsEmpty(string json)
    {
        Assert.Equal("", FirstName(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("", FirstName(Segments.ByteAtATime(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void NextProperty_LeavesTheReaderOnTheValue_AndStopsAtTheEnd()
    {
        var reader = new Utf8JsonReader("""{"a":{"x":[1]},"b":2}"""u8);
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        reader.Read();

        Assert.True(JsonFields.NextProperty(ref reader, name, out var length));
        Assert.Equal("a"u8, name[..length]);
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
        reader.Skip();
        Assert.True(JsonFields.NextProperty(ref reader, name, out length));
        Assert.Equal("b"u8, name[..length]);
        Assert.Equal(JsonTokenType.Number, reader.TokenType);
        Assert.False(JsonFields.NextProperty(ref reader, name, out _));
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
    }

    private static string FirstName(byte[] json) => FirstName(new ReadOnlySequence<byte>(json));

    private static string FirstName(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        reader.Read();
        Assert.True(JsonFields.NextProperty(ref reader, name, out var length));
        return Encoding.UTF8.GetString(name[..length]);
    }
}
