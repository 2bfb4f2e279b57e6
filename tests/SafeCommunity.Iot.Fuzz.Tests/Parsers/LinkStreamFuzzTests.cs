using System.Buffers.Binary;
using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Protocol.Link;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>
/// A base station's serial byte stream (PROTOCOL.md §2: COBS runs, link records, CRC): the same bytes fed whole,
/// one byte at a time and split at a point chosen by the input give the same records and rejections, and every
/// accepted record re-encodes to its bytes.
/// </summary>
public sealed class LinkStreamFuzzTests(ITestOutputHelper output)
{
    private const long CiCases = 1_000_000;
    private const int Capacity = 400;
    private const int RecordCapacity = 160;
    private const ulong Offset = 14695981039346656037UL;

    private readonly LinkStreamDecoder _whole = new();
    private readonly LinkStreamDecoder _byteAtATime = new();
    private readonly LinkStreamDecoder _split = new();
    private readonly byte[] _scratch = new byte[LinkLayout.MaxRecordLength];
    private readonly byte[] _rewritten = new byte[LinkLayout.MaxWireLength];
    private long _accepted;

    [Fact]
    public void StreamDecoder_AnyBytesAnySplit_GivesTheSameRecordsAllocatesNothingAndRoundTrips()
    {
        var wire = new ByteMutator(Corpus.Vectors("link-record"), Capacity);
        var records = new ByteMutator(Corpus.Vectors("link-record", "record_hex"), RecordCapacity);
        var record = new byte[RecordCapacity];
        var target = new FuzzTarget("LinkStreamDecoder", Capacity, (ref FuzzRandom random, byte[] buffer) =>
        {
            if (random.OneIn(2))
            {
                return wire.Next(ref random, buffer);
            }

            // Half the inputs are a mutated record with a correct CRC, COBS-encoded and delimited, so mutations
            // reach the record checks behind the CRC.
            var length = records.Next(ref random, record);
            if (length >= 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(length - 2), Crc16CcittFalse.Compute(record.AsSpan(0, length - 2)));
            }

            var encoded = Cobs.Encode(record.AsSpan(0, length), buffer);
            buffer[encoded] = LinkLayout.Delimiter;
            return encoded + 1;
        }, Check, AllocationBound: _ => 0);

        var result = FuzzRunner.Run(target, FuzzSettings.FromEnvironment(CiCases));

        output.WriteLine(result.ToString());
        output.WriteLine($"records decoded: {_accepted:N0}");
        Assert.True(_accepted > result.Cases / 100, "the mutations are too destructive to reach the record checks");
    }

    private void Check(ReadOnlySpan<byte> input)
    {
        var run = input.IndexOf(LinkLayout.Delimiter) is var end and >= 0 ? input[..end] : input;
        if (LinkRecordReader.ReadEncoded(run, _scratch, out var first) == LinkRecordError.None)
        {
            var written = Rewrite(first, _rewritten);
            Assert.True(_rewritten.AsSpan(0, written - 1).SequenceEqual(run), "an accepted record did not re-encode to its bytes");
        }

        _whole.Reset();
        _byteAtATime.Reset();
        _split.Reset();
        var whole = Feed(_whole, input, Offset);
        var byteAtATime = Offset;
        for (var i = 0; i < input.Length; i++)
        {
            byteAtATime = Feed(_byteAtATime, input.Slice(i, 1), byteAtATime);
        }

        var cut = input.IsEmpty ? 0 : input[^1] % (input.Length + 1);
        var split = Feed(_split, input[cut..], Feed(_split, input[..cut], Offset));

        Assert.True(whole == byteAtATime, "feeding the stream one byte at a time changed what was decoded");
        Assert.True(whole == split, "splitting the stream changed what was decoded");
    }

    /// <summary>Decodes all of <paramref name="input"/> and folds every outcome into a running FNV-1a digest.</summary>
    private ulong Feed(LinkStreamDecoder decoder, ReadOnlySpan<byte> input, ulong digest)
    {
        while (true)
        {
            var status = decoder.Decode(input, out var consumed, out var record, out var error);
            input = input[consumed..];
            if (status == LinkStreamStatus.NeedMoreData)
            {
                return digest;
            }

            digest = Mix(Mix(digest, (byte)status), (byte)error);
            if (status == LinkStreamStatus.Record)
            {
                _accepted += ReferenceEquals(decoder, _whole) ? 1 : 0;
                var written = Rewrite(record, _rewritten);
                foreach (var b in _rewritten.AsSpan(0, written))
                {
                    digest = Mix(digest, b);
                }
            }
        }
    }

    private static ulong Mix(ulong digest, byte value) => (digest ^ value) * 1099511628211UL;

    private static int Rewrite(LinkRecord record, Span<byte> destination) => record.Type switch
    {
        LinkRecordType.RadioReception => LinkRecordWriter.WriteReception(
            destination, record.Reception.RxTimeMs, record.Reception.RssiDbm, record.Reception.SnrQuarterDb, record.Reception.Frame),
        LinkRecordType.ReceiverStatus => LinkRecordWriter.WriteStatus(destination, record.Status),
        _ => LinkRecordWriter.WriteSentence(destination, record.Sentence),
    };
}
