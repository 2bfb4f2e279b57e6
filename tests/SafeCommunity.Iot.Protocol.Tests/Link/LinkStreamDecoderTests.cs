using System.Text;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Protocol.Tests.Link;

public sealed class LinkStreamDecoderTests
{
    // PROTOCOL.md §2.6: the worked reception record on the wire.
    private static readonly byte[] Reception = Convert.FromHexString(
        "051140e20108a9ff2612eeffc0022a01010112aff924f60e19a2dd3e080311802af5b21300");

    private static readonly byte[] Status = Wire(d => LinkRecordWriter.WriteStatus(
        d, new ReceiverStatus(0x52010001, 1, 4, 2, ReceiverStatusFlags.Hello | ReceiverStatusFlags.GnssPresent, 3, 0, 0, 0)));

    private static readonly byte[] Sentence = Wire(d => LinkRecordWriter.WriteSentence(
        d, Encoding.ASCII.GetBytes("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*43")));

    private static readonly byte[] ThreeRecords = [.. Reception, .. Status, .. Sentence];

    private delegate int WireWriter(Span<byte> destination);

    private static byte[] Wire(WireWriter write)
    {
        var buffer = new byte[LinkLayout.MaxWireLength];
        return buffer.AsSpan(0, write(buffer)).ToArray();
    }

    /// <summary>What a receiver service would keep of each record: its type and a fingerprint of its content.</summary>
    private static List<string> DecodeChunks(LinkStreamDecoder decoder, IEnumerable<byte[]> chunks, List<LinkRecordError>? errors = null)
    {
        var records = new List<string>();
        foreach (var chunk in chunks)
        {
            ReadOnlySpan<byte> input = chunk;
            while (true)
            {
                var status = decoder.Decode(input, out var consumed, out var record, out var error);
                input = input[consumed..];
                if (status == LinkStreamStatus.NeedMoreData)
                {
                    Assert.True(input.IsEmpty);
                    break;
                }

                if (status == LinkStreamStatus.Record)
                {
                    records.Add(Describe(record));
                }
                else
                {
                    errors?.Add(error);
                }
            }
        }

        return records;
    }

    private static string Describe(LinkRecord record) => record.Type switch
    {
        LinkRecordType.RadioReception => $"reception {record.Reception.RxTimeMs} {record.Reception.RssiDbm} {Convert.ToHexStringLower(record.Reception.Frame)}",
        LinkRecordType.ReceiverStatus => $"status {record.Status}",
        _ => $"sentence {Encoding.ASCII.GetString(record.Sentence)}",
    };

    private static List<string> Expected() => DecodeChunks(new LinkStreamDecoder(), [ThreeRecords]);

    [Fact]
    public void Decode_ThreeRecordsInOneRead_YieldsThemInOrder()
    {
        var records = Expected();

        Assert.Equal(3, records.Count);
        Assert.Equal("reception 123456 -87 12eeffc0002a00000000aff924f60e19a2dd3e080311802af5", records[0]);
        Assert.StartsWith("status", records[1], StringComparison.Ordinal);
        Assert.StartsWith("sentence $GNRMC", records[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OneByteAtATime_YieldsTheSameRecords()
    {
        var decoder = new LinkStreamDecoder();

        var records = DecodeChunks(decoder, ThreeRecords.Select(b => new[] { b }));

        Assert.Equal(Expected(), records);
        Assert.Equal(3, decoder.Statistics.Records);
        Assert.Equal(0, decoder.Statistics.DiscardedBytes);
    }

    [Fact]
    public void Decode_SplitAtEveryBoundary_YieldsTheSameRecords()
    {
        var expected = Expected();
        for (var split = 0; split <= ThreeRecords.Length; split++)
        {
            var records = DecodeChunks(new LinkStreamDecoder(), [ThreeRecords[..split], ThreeRecords[split..]]);
            Assert.Equal(expected, records);
        }
    }

    [Fact]
    public void Decode_SplitAtEveryPairOfBoundaries_YieldsTheSameRecords()
    {
        var expected = Expected();
        for (var first = 0; first <= ThreeRecords.Length; first++)
        {
            for (var second = first; second <= ThreeRecords.Length; second++)
            {
                var records = DecodeChunks(
                    new LinkStreamDecoder(), [ThreeRecords[..first], ThreeRecords[first..second], ThreeRecords[second..]]);
                Assert.Equal(expected, records);
            }
        }
    }

    [Fact]
    public void Decode_GarbageBeforeBetweenAndAfterRecords_IsSkippedAndCounted()
    {
        byte[] garbage = [0x13, 0x37, 0xFF, 0x42];
        byte[] stream = [.. garbage, 0x00, .. Reception, .. garbage, 0x00, .. Status, 0x00, 0x00, .. Sentence, .. garbage];
        var decoder = new LinkStreamDecoder();
        var errors = new List<LinkRecordError>();

        var records = DecodeChunks(decoder, [stream], errors);

        Assert.Equal(Expected(), records);
        Assert.Equal(2, errors.Count);
        Assert.Equal(8, decoder.Statistics.DiscardedBytes);
    }

    [Fact]
    public void Decode_RecordCutShortByAReset_IsDroppedAndTheNextOneDecodes()
    {
        // A receiver that resets mid-record sends a 0x00 first thing after it starts (PROTOCOL.md §2.5).
        byte[] stream = [.. Reception[..20], 0x00, .. Status];
        var errors = new List<LinkRecordError>();

        var records = DecodeChunks(new LinkStreamDecoder(), [stream], errors);

        Assert.Single(records);
        Assert.StartsWith("status", records[0], StringComparison.Ordinal);
        Assert.Single(errors);
    }

    [Fact]
    public void Decode_LineNoiseWithoutDelimiter_IsOversizeOnceThenResynchronises()
    {
        var noise = Enumerable.Range(0, 1000).Select(i => (byte)(i % 250 + 1)).ToArray();
        var decoder = new LinkStreamDecoder();
        var errors = new List<LinkRecordError>();

        var records = DecodeChunks(decoder, [noise[..300], noise[300..], [0x00], ThreeRecords], errors);

        Assert.Equal(Expected(), records);
        Assert.Equal([LinkRecordError.Oversize], errors);
        Assert.Equal(1000, decoder.Statistics.DiscardedBytes);
        Assert.Equal(1, decoder.Statistics.Rejected(LinkRecordError.Oversize));
    }

    [Fact]
    public void Decode_CorruptedByte_IsRejectedAndNeighboursSurvive()
    {
        var corrupted = (byte[])Status.Clone();
        corrupted[5] ^= 0x10;
        var decoder = new LinkStreamDecoder();
        var errors = new List<LinkRecordError>();

        var records = DecodeChunks(decoder, [[.. Reception, .. corrupted, .. Sentence]], errors);

        Assert.Equal(2, records.Count);
        Assert.Equal([LinkRecordError.BadCrc], errors);
        Assert.Equal(1, decoder.Statistics.RejectedTotal);
    }

    [Fact]
    public void Reset_DropsThePartialRun()
    {
        var decoder = new LinkStreamDecoder();
        _ = DecodeChunks(decoder, [Reception[..10]]);

        decoder.Reset();
        var records = DecodeChunks(decoder, [Status]);

        Assert.Single(records);
        Assert.Equal(10, decoder.Statistics.DiscardedBytes);
    }

    [Fact]
    public void Decode_ValidRecords_AllocatesNothing()
    {
        var decoder = new LinkStreamDecoder();
        _ = DecodeChunks(decoder, [ThreeRecords]);
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 1000; i++)
        {
            ReadOnlySpan<byte> input = ThreeRecords;
            while (decoder.Decode(input, out var consumed, out _, out _) != LinkStreamStatus.NeedMoreData)
            {
                input = input[consumed..];
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3003, decoder.Statistics.Records);
    }
}
