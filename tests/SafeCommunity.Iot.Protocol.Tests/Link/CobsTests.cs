using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Protocol.Tests.Link;

public sealed class CobsTests
{
    // Examples from Cheshire and Baker's paper and the usual references.
    [Theory]
    [InlineData("", "01")]
    [InlineData("00", "0101")]
    [InlineData("0000", "010101")]
    [InlineData("110005", "02110205")]
    [InlineData("11223344", "0511223344")]
    [InlineData("11002200", "0211022201")]
    public void Encode_KnownExamples(string raw, string encoded)
    {
        var source = Convert.FromHexString(raw);
        var destination = new byte[Cobs.MaxEncodedLength(source.Length)];

        var written = Cobs.Encode(source, destination);

        Assert.Equal(encoded, Convert.ToHexStringLower(destination.AsSpan(0, written)));
        var decoded = new byte[source.Length];
        Assert.True(Cobs.TryDecode(destination.AsSpan(0, written), decoded, out var length));
        Assert.Equal(raw, Convert.ToHexStringLower(decoded.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(253)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(600)]
    public void EncodeDecode_LongRunsWithoutZero_RoundTrip(int length)
    {
        var source = Enumerable.Range(0, length).Select(i => (byte)(i % 255 + 1)).ToArray();
        var encoded = new byte[Cobs.MaxEncodedLength(length)];

        var written = Cobs.Encode(source, encoded);

        Assert.DoesNotContain((byte)0, encoded.AsSpan(0, written).ToArray());
        var decoded = new byte[length];
        Assert.True(Cobs.TryDecode(encoded.AsSpan(0, written), decoded, out var decodedLength));
        Assert.Equal(source, decoded.AsSpan(0, decodedLength).ToArray());
    }

    [Theory]
    [InlineData("05112233")]   // the code promises 4 bytes, only 3 follow
    [InlineData("021100")]     // a zero inside a run
    [InlineData("00")]         // a zero code
    public void TryDecode_InvalidRun_ReturnsFalse(string encoded) =>
        Assert.False(Cobs.TryDecode(Convert.FromHexString(encoded), new byte[16], out _));

    [Fact]
    public void TryDecode_DestinationTooSmall_ReturnsFalse() =>
        Assert.False(Cobs.TryDecode(Convert.FromHexString("0511223344"), new byte[3], out _));
}
