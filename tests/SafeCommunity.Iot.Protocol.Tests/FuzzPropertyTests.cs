using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Protocol.Tests.Vectors;

namespace SafeCommunity.Iot.Protocol.Tests;

/// <summary>
/// Decoders never throw and never accept what they cannot re-encode identically, over random bytes and
/// mutations of the shared vectors (bit flips, byte changes, cuts, insertions, splices).
/// </summary>
public sealed class FuzzPropertyTests
{
    private const int Cases = 1_000_000;

    private static readonly byte[][] Seeds = [.. ProtocolVector.LoadAll().Where(v => v.Kind != "cmac").Select(v => v.Bytes)];

    [Fact]
    public void RadioFrameReader_AnyInput_ReturnsAReasonAndRoundTripsWhatItAccepts()
    {
        var random = new Random(20261129);
        using var cmac = new AesCmac(new byte[16]);
        var buffer = new byte[64];
        var rewritten = new byte[64];
        var accepted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = NextInput(random, buffer);
            var error = RadioFrameReader.Read(input, out var frame);
            if (error != RadioFrameError.None)
            {
                Assert.True(Enum.IsDefined(error));
                continue;
            }

            accepted++;
            _ = RadioFrameReader.VerifyMic(input, cmac);
            Assert.Equal(RadioFrameError.None, RadioFrameWriter.WriteUnsigned(frame, rewritten, out var length));
            Assert.True(input[..^4].SequenceEqual(rewritten.AsSpan(0, length)), "an accepted frame did not re-encode to its bytes");
        }

        Assert.True(accepted > 1000, $"only {accepted} inputs were accepted; the mutations are too destructive to exercise decoding");
    }

    [Fact]
    public void LinkDecoders_AnyInput_ReturnAReasonAndRoundTripWhatTheyAccept()
    {
        var random = new Random(11292026);
        var buffer = new byte[160];
        var scratch = new byte[LinkLayout.MaxRecordLength];
        var rewritten = new byte[LinkLayout.MaxWireLength];
        var stream = new LinkStreamDecoder();
        var accepted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = NextInput(random, buffer);
            var run = input.IndexOf((byte)0) is var end and >= 0 ? input[..end] : input;
            var error = LinkRecordReader.ReadEncoded(run, scratch, out var record);
            if (error == LinkRecordError.None)
            {
                accepted++;
                var written = Rewrite(record, rewritten);
                Assert.True(rewritten.AsSpan(0, written - 1).SequenceEqual(run), "an accepted record did not re-encode to its bytes");
            }

            // The same bytes through the streaming decoder, split at a random point.
            var split = random.Next(input.Length + 1);
            Drain(stream, input[..split]);
            Drain(stream, input[split..]);
        }

        Assert.True(accepted > 1000, $"only {accepted} inputs were accepted");
        Assert.True(stream.Statistics.Records > 1000);
    }

    private static void Drain(LinkStreamDecoder decoder, ReadOnlySpan<byte> input)
    {
        while (decoder.Decode(input, out var consumed, out _, out _) != LinkStreamStatus.NeedMoreData)
        {
            input = input[consumed..];
        }
    }

    private static int Rewrite(LinkRecord record, Span<byte> destination) => record.Type switch
    {
        LinkRecordType.RadioReception => LinkRecordWriter.WriteReception(
            destination, record.Reception.RxTimeMs, record.Reception.RssiDbm, record.Reception.SnrQuarterDb, record.Reception.Frame),
        LinkRecordType.ReceiverStatus => LinkRecordWriter.WriteStatus(destination, record.Status),
        _ => LinkRecordWriter.WriteSentence(destination, record.Sentence),
    };

    /// <summary>One in eight inputs is random bytes; the rest are a vector with one to three mutations.</summary>
    private static ReadOnlySpan<byte> NextInput(Random random, byte[] buffer)
    {
        if (random.Next(8) == 0)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            return buffer.AsSpan(0, length);
        }

        var seed = Seeds[random.Next(Seeds.Length)];
        var size = Math.Min(seed.Length, buffer.Length);
        seed.AsSpan(0, size).CopyTo(buffer);
        var mutations = random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            size = Mutate(random, buffer, size);
        }

        return buffer.AsSpan(0, size);
    }

    private static int Mutate(Random random, byte[] buffer, int size)
    {
        switch (random.Next(5))
        {
            case 0 when size > 0:
                buffer[random.Next(size)] ^= (byte)(1 << random.Next(8));
                return size;
            case 1 when size > 0:
                buffer[random.Next(size)] = (byte)random.Next(256);
                return size;
            case 2:
                return random.Next(size + 1);
            case 3 when size < buffer.Length:
                var at = random.Next(size + 1);
                buffer.AsSpan(at, size - at).CopyTo(buffer.AsSpan(at + 1));
                buffer[at] = (byte)random.Next(256);
                return size + 1;
            default:
                var other = Seeds[random.Next(Seeds.Length)];
                var start = random.Next(size + 1);
                var take = Math.Min(other.Length, buffer.Length - start);
                other.AsSpan(0, take).CopyTo(buffer.AsSpan(start));
                return start + take;
        }
    }
}
