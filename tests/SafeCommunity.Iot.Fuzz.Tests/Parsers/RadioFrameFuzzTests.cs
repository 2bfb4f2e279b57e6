using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>Radio frames (PROTOCOL.md §1) as receivers hand them over: decoded, MIC-checked, re-encoded.</summary>
public sealed class RadioFrameFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const long CiCases = 1_000_000;

    private readonly AesCmac _cmac = new(Convert.FromHexString("09c10990f81da9104af574d4029cf24e"));
    private readonly byte[] _rewritten = new byte[RadioFrameLayout.MaxFrameLength];
    private long _accepted;

    [Fact]
    public void ReadAndVerifyMic_AnyInput_ReturnAReasonAllocateNothingAndRoundTripWhatTheyAccept()
    {
        var mutator = new ByteMutator(Corpus.Vectors("radio-frame"), capacity: 64);
        var target = new FuzzTarget("RadioFrameReader", 64, mutator.Next, Check, AllocationBound: _ => 0);

        var result = FuzzRunner.Run(target, FuzzSettings.FromEnvironment(CiCases));

        output.WriteLine(result.ToString());
        output.WriteLine($"accepted by Read: {_accepted:N0}");
        Assert.True(_accepted > result.Cases / 100, "the mutations are too destructive to reach past the structure checks");
    }

    public void Dispose() => _cmac.Dispose();

    private void Check(ReadOnlySpan<byte> input)
    {
        var error = RadioFrameReader.Read(input, out var frame);
        var mic = RadioFrameReader.VerifyMic(input, _cmac);
        Assert.True(EnumValues<RadioFrameError>.IsDefined(error) && EnumValues<RadioFrameError>.IsDefined(mic));
        if (error != RadioFrameError.None)
        {
            return;
        }

        _accepted++;
        var rewritten = RadioFrameWriter.WriteUnsigned(frame, _rewritten, out var length);
        Assert.True(rewritten == RadioFrameError.None && input[..^RadioFrameLayout.MicLength].SequenceEqual(_rewritten.AsSpan(0, length)),
            "an accepted frame did not re-encode to its bytes");
    }
}
