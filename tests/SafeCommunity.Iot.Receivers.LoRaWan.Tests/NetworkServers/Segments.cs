using System.Buffers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary>A payload split over buffers, as MQTTnet may hand it over.</summary>
internal static class Segments
{
    /// <summary><paramref name="bytes"/> in pieces of <paramref name="chunk"/> bytes (the last one shorter).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int chunk)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var memory = bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset));
            last = last is null ? first = new Segment(memory) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>One byte per buffer: every token, and every byte order mark, split everywhere.</summary>
    public static ReadOnlySequence<byte> ByteAtATime(byte[] bytes) => Split(bytes, 1);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
