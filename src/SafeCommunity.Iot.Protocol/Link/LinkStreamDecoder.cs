namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>What <see cref="LinkStreamDecoder.Decode"/> found.</summary>
public enum LinkStreamStatus
{
    /// <summary>All input was consumed without completing a record; feed more bytes.</summary>
    NeedMoreData,

    /// <summary>A valid record is in the <c>record</c> output.</summary>
    Record,

    /// <summary>A run was dropped; the reason is in the <c>error</c> output.</summary>
    Rejected,
}

/// <summary>
/// Turns a byte stream from a serial receiver into link records, however the bytes are split (one at a time,
/// or many records per read). Resynchronises on the next 0x00 after garbage (PROTOCOL.md §2.5) and counts what
/// it dropped. Never throws on any input; allocates nothing after construction.
/// </summary>
/// <remarks>One decoder per stream; not thread-safe. <see cref="Statistics"/> may be read from any thread.</remarks>
public sealed class LinkStreamDecoder
{
    private readonly byte[] _run = new byte[LinkLayout.MaxEncodedLength];
    private readonly byte[] _record = new byte[LinkLayout.MaxRecordLength];
    private int _runLength;
    private bool _discarding;

    /// <summary>Counters of records, rejected runs by reason, and discarded bytes.</summary>
    public LinkStreamStatistics Statistics { get; } = new();

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> up to the end of the first complete run, or all of them.
    /// Call again with the rest (<c>input[consumed..]</c>) until it returns <see cref="LinkStreamStatus.NeedMoreData"/>.
    /// </summary>
    /// <param name="input">Bytes as they came from the port.</param>
    /// <param name="consumed">How many bytes of <paramref name="input"/> were used.</param>
    /// <param name="record">The record when the result is <see cref="LinkStreamStatus.Record"/>; its spans are valid until the next call.</param>
    /// <param name="error">The reason when the result is <see cref="LinkStreamStatus.Rejected"/>.</param>
    public LinkStreamStatus Decode(ReadOnlySpan<byte> input, out int consumed, out LinkRecord record, out LinkRecordError error)
    {
        record = default;
        error = LinkRecordError.None;
        consumed = 0;
        while (consumed < input.Length)
        {
            var remaining = input[consumed..];
            var delimiterAt = remaining.IndexOf(LinkLayout.Delimiter);
            if (_discarding)
            {
                if (delimiterAt < 0)
                {
                    Statistics.AddDiscarded(remaining.Length);
                    consumed = input.Length;
                    return LinkStreamStatus.NeedMoreData;
                }

                Statistics.AddDiscarded(delimiterAt);
                consumed += delimiterAt + 1;
                _discarding = false;
                continue;
            }

            var chunk = delimiterAt < 0 ? remaining : remaining[..delimiterAt];
            if (_runLength + chunk.Length > LinkLayout.MaxEncodedLength)
            {
                // Too long to be a record: drop it whole and wait for the next delimiter to resynchronise.
                Statistics.AddDiscarded(_runLength + chunk.Length);
                _runLength = 0;
                _discarding = delimiterAt < 0;
                consumed = delimiterAt < 0 ? input.Length : consumed + delimiterAt + 1;
                error = LinkRecordError.Oversize;
                Statistics.AddRejected(error);
                return LinkStreamStatus.Rejected;
            }

            chunk.CopyTo(_run.AsSpan(_runLength));
            _runLength += chunk.Length;
            if (delimiterAt < 0)
            {
                consumed = input.Length;
                return LinkStreamStatus.NeedMoreData;
            }

            consumed += delimiterAt + 1;
            if (_runLength == 0)
            {
                continue;
            }

            var runLength = _runLength;
            _runLength = 0;
            error = LinkRecordReader.ReadEncoded(_run.AsSpan(0, runLength), _record, out record);
            if (error == LinkRecordError.None)
            {
                Statistics.AddRecord();
                return LinkStreamStatus.Record;
            }

            Statistics.AddDiscarded(runLength);
            Statistics.AddRejected(error);
            return LinkStreamStatus.Rejected;
        }

        return LinkStreamStatus.NeedMoreData;
    }

    /// <summary>Forgets a partial run, e.g. after the port was reopened.</summary>
    public void Reset()
    {
        Statistics.AddDiscarded(_runLength);
        _runLength = 0;
        _discarding = false;
    }
}

/// <summary>Counters of a <see cref="LinkStreamDecoder"/>. Written by the decoder's thread, readable from any thread.</summary>
public sealed class LinkStreamStatistics
{
    private readonly long[] _rejected = new long[Enum.GetValues<LinkRecordError>().Length];
    private long _records;
    private long _discardedBytes;

    /// <summary>Valid records decoded.</summary>
    public long Records => Volatile.Read(ref _records);

    /// <summary>Bytes dropped: rejected runs, garbage and partial runs.</summary>
    public long DiscardedBytes => Volatile.Read(ref _discardedBytes);

    /// <summary>Runs rejected in all.</summary>
    public long RejectedTotal
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _rejected.Length; i++)
            {
                total += Volatile.Read(ref _rejected[i]);
            }

            return total;
        }
    }

    /// <summary>Runs rejected for <paramref name="reason"/>.</summary>
    public long Rejected(LinkRecordError reason) => Volatile.Read(ref _rejected[(int)reason]);

    internal void AddRecord() => Volatile.Write(ref _records, _records + 1);

    internal void AddDiscarded(int bytes) => Volatile.Write(ref _discardedBytes, _discardedBytes + bytes);

    internal void AddRejected(LinkRecordError reason) => Volatile.Write(ref _rejected[(int)reason], _rejected[(int)reason] + 1);
}
