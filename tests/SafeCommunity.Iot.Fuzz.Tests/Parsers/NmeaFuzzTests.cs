using System.Text;
using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Receivers.Serial.Gnss;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>
/// GNSS sentences from a patrol receiver. Most mutations break the checksum, so half of the inputs get a correct
/// checksum after mutating, which takes them into the NMEA library and its number parsing.
/// </summary>
public sealed class NmeaFuzzTests(ITestOutputHelper output)
{
    private const long CiCases = 1_000_000;
    private const int Capacity = 200;
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 36, 0, TimeSpan.Zero);

    private long _positions;
    private long _parsed;

    [Fact]
    public void Parse_AnySentence_IsAPositionInRangeOrAReason()
    {
        var mutator = new ByteMutator(Corpus.Lines("nmea"), Capacity);
        var target = new FuzzTarget("NmeaPositionParser", Capacity, (ref FuzzRandom random, byte[] buffer) =>
        {
            var length = mutator.Next(ref random, buffer);
            return random.OneIn(2) ? RepairChecksum(buffer, length) : length;
        }, Check, AllocationBound: length => 32_768 + (64L * length));

        var result = FuzzRunner.Run(target, FuzzSettings.FromEnvironment(CiCases));

        output.WriteLine(result.ToString());
        output.WriteLine($"got past the checksum: {_parsed:N0}; positions: {_positions:N0}");
        Assert.True(_positions > result.Cases / 1000, "the mutations never reach a position");
    }

    private void Check(ReadOnlySpan<byte> input)
    {
        // A fresh parser per case (it remembers the last date), so one case replays alone.
        var result = new NmeaPositionParser().Parse(Encoding.Latin1.GetString(input), Now);
        Assert.True(EnumValues<NmeaParseStatus>.IsDefined(result.Status));
        if (result.Status != NmeaParseStatus.Invalid || !result.Reason!.Contains("checksum", StringComparison.Ordinal))
        {
            _parsed++;
        }

        if (result.Status == NmeaParseStatus.Position)
        {
            _positions++;
            Assert.True(result.Position!.Value.IsValid, "a position out of range");
        }
        else
        {
            Assert.Null(result.Position);
            Assert.False(string.IsNullOrEmpty(result.Reason));
        }
    }

    /// <summary>Rewrites the two digits after the last '*' to the XOR of what lies between the first '$' and it.</summary>
    private static int RepairChecksum(byte[] buffer, int length)
    {
        var span = buffer.AsSpan(0, length);
        var start = span.IndexOf((byte)'$');
        var star = span.LastIndexOf((byte)'*');
        if (start < 0 || star <= start || star + 3 > buffer.Length)
        {
            return length;
        }

        byte sum = 0;
        foreach (var b in span[(start + 1)..star])
        {
            sum ^= b;
        }

        buffer[star + 1] = (byte)Convert.ToHexString([sum])[0];
        buffer[star + 2] = (byte)Convert.ToHexString([sum])[1];
        return star + 3;
    }
}
