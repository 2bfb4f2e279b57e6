using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Protocol.Tests.Vectors;

namespace SafeCommunity.Iot.Protocol.Tests.Radio;

/// <summary>The hot decode path allocates nothing per valid frame (DESIGN.md §5).</summary>
public sealed class DecodeAllocationTests
{
    private const int Rounds = 1_000;

    [Fact]
    public void ReadAndVerifyMic_EveryValidVectorAfterWarmUp_AllocatesNothing()
    {
        var vectors = ProtocolVector.LoadAll().Where(v => v is { Kind: "radio-frame", Valid: true }).ToArray();
        Assert.NotEmpty(vectors);
        var frames = vectors.Select(v => v.Bytes).ToArray();
        var cmacs = vectors.Select(v => new AesCmac(v.Key)).ToArray();
        try
        {
            // Warm-up: tiered compilation and the first use of each cipher context may allocate once.
            Assert.Equal(frames.Length, DecodeAll(frames, cmacs, 1));

            var before = GC.GetAllocatedBytesForCurrentThread();
            var decoded = DecodeAll(frames, cmacs, Rounds);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(frames.Length * Rounds, decoded);
            Assert.Equal(0, allocated);
        }
        finally
        {
            foreach (var cmac in cmacs)
            {
                cmac.Dispose();
            }
        }
    }

    private static int DecodeAll(byte[][] frames, AesCmac[] cmacs, int rounds)
    {
        var valid = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < frames.Length; i++)
            {
                if (RadioFrameReader.Read(frames[i], out _) == RadioFrameError.None &&
                    RadioFrameReader.VerifyMic(frames[i], cmacs[i]) == RadioFrameError.None)
                {
                    valid++;
                }
            }
        }

        return valid;
    }
}
