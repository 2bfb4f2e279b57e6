using System.Collections.Concurrent;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Core.Receivers;

/// <summary>
/// What each receiver delivered: frames, and how many were accepted, duplicates or rejected by reason, and when
/// it was last heard. Bounded: receivers beyond <see cref="MaxReceivers"/> are counted together under
/// <see cref="OverflowReceiverId"/>, so forged receiver ids cannot grow memory.
/// </summary>
public sealed class ReceiverStatistics
{
    /// <summary>The most receivers counted one by one.</summary>
    public const int MaxReceivers = 4096;

    /// <summary>The id under which receivers past the limit are counted.</summary>
    public const string OverflowReceiverId = "(other receivers)";

    private readonly ConcurrentDictionary<string, ReceiverCounters> _receivers = new(StringComparer.Ordinal);

    /// <summary>A snapshot of every receiver's counters.</summary>
    public IReadOnlyDictionary<string, ReceiverCountersSnapshot> Snapshot() =>
        _receivers.ToDictionary(p => p.Key, p => p.Value.Snapshot(), StringComparer.Ordinal);

    /// <summary>The counters of one receiver, if it was ever heard.</summary>
    public ReceiverCountersSnapshot? Find(string receiverId) =>
        _receivers.TryGetValue(receiverId, out var counters) ? counters.Snapshot() : null;

    /// <summary>Counts a raw uplink <paramref name="receiverId"/> delivered at <paramref name="at"/> (the ingestion calls it).</summary>
    public void Heard(string receiverId, DateTimeOffset at) => For(receiverId).Heard(at);

    /// <summary>Counts what became of a frame <paramref name="receiverId"/> delivered (the ingestion calls it).</summary>
    public void Outcome(string receiverId, UplinkOutcome outcome) => For(receiverId).Outcome(outcome);

    private ReceiverCounters For(string receiverId)
    {
        if (_receivers.TryGetValue(receiverId, out var counters))
        {
            return counters;
        }

        return _receivers.Count < MaxReceivers
            ? _receivers.GetOrAdd(receiverId, static _ => new ReceiverCounters())
            : _receivers.GetOrAdd(OverflowReceiverId, static _ => new ReceiverCounters());
    }

    private sealed class ReceiverCounters
    {
        private readonly long[] _outcomes = new long[Enum.GetValues<UplinkOutcome>().Length + 1];
        private long _frames;
        private long _lastHeardTicks;

        public void Heard(DateTimeOffset at)
        {
            Interlocked.Increment(ref _frames);
            var ticks = at.UtcTicks;
            var seen = Volatile.Read(ref _lastHeardTicks);
            while (ticks > seen)
            {
                var previous = Interlocked.CompareExchange(ref _lastHeardTicks, ticks, seen);
                if (previous == seen)
                {
                    break;
                }

                seen = previous;
            }
        }

        public void Outcome(UplinkOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

        public ReceiverCountersSnapshot Snapshot()
        {
            long Count(UplinkOutcome outcome) => Volatile.Read(ref _outcomes[(int)outcome]);
            var lastHeard = Volatile.Read(ref _lastHeardTicks);
            return new ReceiverCountersSnapshot(
                Volatile.Read(ref _frames),
                Count(UplinkOutcome.Accepted),
                Count(UplinkOutcome.Duplicate),
                Count(UplinkOutcome.Malformed),
                Count(UplinkOutcome.UnknownDevice),
                Count(UplinkOutcome.BadMic),
                Count(UplinkOutcome.Replay),
                lastHeard == 0 ? null : new DateTimeOffset(lastHeard, TimeSpan.Zero));
        }
    }
}

/// <summary>One receiver's counters at one moment.</summary>
/// <param name="Frames">Raw uplinks it delivered.</param>
/// <param name="Accepted">New frames accepted.</param>
/// <param name="Duplicates">Receptions of frames already accepted.</param>
/// <param name="Malformed">Bytes that were not a valid frame.</param>
/// <param name="UnknownDevices">Frames from devices not enrolled.</param>
/// <param name="BadMics">Frames whose MIC did not match.</param>
/// <param name="Replays">Frames with a counter already used.</param>
/// <param name="LastHeard">When it last delivered anything.</param>
public sealed record ReceiverCountersSnapshot(
    long Frames,
    long Accepted,
    long Duplicates,
    long Malformed,
    long UnknownDevices,
    long BadMics,
    long Replays,
    DateTimeOffset? LastHeard)
{
    /// <summary>Everything rejected.</summary>
    public long Errors => Malformed + UnknownDevices + BadMics + Replays;
}
