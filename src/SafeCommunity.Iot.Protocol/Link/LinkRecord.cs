namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>
/// One decoded link record. Only the member for its <see cref="Type"/> is meaningful. Spans point into the
/// buffer it was decoded from and are valid until that buffer is reused.
/// </summary>
public readonly ref struct LinkRecord
{
    private LinkRecord(LinkRecordType type, RadioReception reception, ReceiverStatus status, ReadOnlySpan<byte> sentence)
    {
        Type = type;
        Reception = reception;
        Status = status;
        Sentence = sentence;
    }

    /// <summary>The record type.</summary>
    public LinkRecordType Type { get; }

    /// <summary>The reception of a <see cref="LinkRecordType.RadioReception"/> record.</summary>
    public RadioReception Reception { get; }

    /// <summary>The status of a <see cref="LinkRecordType.ReceiverStatus"/> record.</summary>
    public ReceiverStatus Status { get; }

    /// <summary>The ASCII sentence of a <see cref="LinkRecordType.GnssSentence"/> record.</summary>
    public ReadOnlySpan<byte> Sentence { get; }

    /// <summary>A reception record.</summary>
    public static LinkRecord ForReception(RadioReception reception) => new(LinkRecordType.RadioReception, reception, default, default);

    /// <summary>A status record.</summary>
    public static LinkRecord ForStatus(ReceiverStatus status) => new(LinkRecordType.ReceiverStatus, default, status, default);

    /// <summary>A GNSS sentence record.</summary>
    public static LinkRecord ForSentence(ReadOnlySpan<byte> sentence) => new(LinkRecordType.GnssSentence, default, default, sentence);
}
