using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>
/// What a RAK3172 module prints, as bytes from its port: cut into lines (fed whole and split at a point the input
/// chooses: the same lines), each classified; receptions carry a payload of 1..255 bytes and signal values in range.
/// </summary>
public sealed class Rak3172LineFuzzTests(ITestOutputHelper output)
{
    private const long CiCases = 1_000_000;
    private const int Capacity = 1200;
    private const ulong Offset = 14695981039346656037UL;

    private readonly LineBuffer _whole = new();
    private readonly LineBuffer _split = new();
    private long _receptions;

    [Fact]
    public void LineBufferAndParser_AnyBytes_ClassifyEveryLineWithinBounds()
    {
        var mutator = new ByteMutator(Corpus.Lines("rak3172"), Capacity);
        var target = new FuzzTarget("Rak3172LineParser", Capacity, mutator.Next, Check, AllocationBound: length => 2048 + (16L * length));

        var result = FuzzRunner.Run(target, FuzzSettings.FromEnvironment(CiCases));

        output.WriteLine(result.ToString());
        output.WriteLine($"receptions: {_receptions:N0}");
        Assert.True(_receptions > result.Cases / 100, "the mutations are too destructive to reach the reception parser");
    }

    private void Check(ReadOnlySpan<byte> input)
    {
        _whole.Reset();
        _split.Reset();
        var cut = input.IsEmpty ? 0 : input[^1] % (input.Length + 1);
        var whole = Feed(_whole, input, Offset);
        var split = Feed(_split, input[cut..], Feed(_split, input[..cut], Offset));
        Assert.True(whole == split, "splitting the bytes changed the lines");
    }

    private ulong Feed(LineBuffer lines, ReadOnlySpan<byte> input, ulong digest)
    {
        while (lines.Read(input, out var consumed) is { } line)
        {
            input = input[consumed..];
            var parsed = Rak3172LineParser.Parse(line);
            Assert.True(EnumValues<Rak3172LineKind>.IsDefined(parsed.Kind));
            switch (parsed.Kind)
            {
                case Rak3172LineKind.Reception or Rak3172LineKind.LegacyPayload:
                    Assert.InRange(parsed.Payload!.Length, 1, Rak3172LineParser.MaxPayloadLength);
                    _receptions += ReferenceEquals(lines, _whole) ? 1 : 0;
                    break;
                case Rak3172LineKind.Malformed:
                    Assert.False(string.IsNullOrEmpty(parsed.Reason));
                    break;
            }

            if (parsed.Kind is Rak3172LineKind.Reception or Rak3172LineKind.LegacyReceptionHeader)
            {
                Assert.InRange(parsed.RssiDbm, -200, 50);
                Assert.InRange(parsed.SnrDb, -64, 64);
            }

            digest = (digest ^ (uint)parsed.Kind ^ (uint)line.GetHashCode(StringComparison.Ordinal)) * 1099511628211UL;
        }

        return digest;
    }
}
