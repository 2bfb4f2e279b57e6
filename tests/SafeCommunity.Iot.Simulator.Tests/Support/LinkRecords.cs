using System.Text;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Simulator.Tests.Support;

/// <summary>A decoded link record copied out of the decoder's buffer.</summary>
internal sealed record DecodedRecord(LinkRecordType Type, ReceiverStatus? Status, string? Sentence, byte[]? Frame, short RssiDbm, sbyte SnrQuarterDb, uint RxTimeMs);

/// <summary>Decodes link records from wire bytes with the protocol's <see cref="LinkStreamDecoder"/>.</summary>
internal sealed class LinkRecords
{
    private readonly LinkStreamDecoder _decoder = new();

    public LinkStreamStatistics Statistics => _decoder.Statistics;

    public static List<DecodedRecord> Decode(byte[] wire, bool oneByteAtATime = false)
    {
        var records = new LinkRecords();
        var result = new List<DecodedRecord>();
        if (oneByteAtATime)
        {
            foreach (var b in wire)
            {
                result.AddRange(records.Feed([b]));
            }
        }
        else
        {
            result.AddRange(records.Feed(wire));
        }

        Assert.Equal(0, records.Statistics.RejectedTotal);
        return result;
    }

    public List<DecodedRecord> Feed(ReadOnlySpan<byte> input)
    {
        var result = new List<DecodedRecord>();
        while (!input.IsEmpty)
        {
            var status = _decoder.Decode(input, out var consumed, out var record, out _);
            input = input[consumed..];
            if (status == LinkStreamStatus.Record)
            {
                result.Add(record.Type switch
                {
                    LinkRecordType.ReceiverStatus => new DecodedRecord(record.Type, record.Status, null, null, 0, 0, 0),
                    LinkRecordType.GnssSentence => new DecodedRecord(record.Type, null, Encoding.ASCII.GetString(record.Sentence), null, 0, 0, 0),
                    _ => new DecodedRecord(record.Type, null, null, record.Reception.Frame.ToArray(), record.Reception.RssiDbm, record.Reception.SnrQuarterDb, record.Reception.RxTimeMs),
                });
            }
        }

        return result;
    }
}
