using System.Buffers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Broker;

/// <summary>
/// The embedded broker's shortcut for alarms. The broker and the gateway's receiver are one process, but the broker
/// queues every message for the receiver's session in arrival order, so an SOS published behind a backlog would wait
/// for all of it. An uplink carrying an alarm event is therefore handed to the pipeline by the broker itself, at once,
/// in the pipeline's alarm lane; its copy still goes through the session and is acknowledged there once the
/// pipeline has processed the uplink, so nothing is handled twice and nothing is acknowledged early.
/// <para>
/// An alarm takes the shortcut only while no earlier message on its topic (its device) is between the broker and
/// the pipeline: counted when the broker queues it for the receiver, uncounted when the receiver takes it. Otherwise
/// the SOS would be judged before the report its device sent just before it. After a reconnect the broker delivers
/// unacknowledged messages again without queueing them anew; the counts then err low for those topics (never below
/// zero), at worst letting an alarm overtake a report of its own device, which the pipeline then takes as late.
/// </para>
/// </summary>
public sealed class AlarmShortcut
{
    /// <summary>Handed alarms whose session copy has not come yet; beyond this the shortcut waits (a copy that never comes must not pile up).</summary>
    public const int MaxAwaitingCopies = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ShortcutHandoff>> _handed = new(StringComparer.Ordinal);
    private long _taken;
    private int _awaitingCopies;

    /// <summary>Alarm uplinks handed to the pipeline by the shortcut so far.</summary>
    public long Taken
    {
        get
        {
            lock (_gate)
            {
                return _taken;
            }
        }
    }

    /// <summary>The broker queued a message on <paramref name="topic"/> for the gateway's session.</summary>
    internal void Queued(string topic)
    {
        lock (_gate)
        {
            _inFlight[topic] = _inFlight.GetValueOrDefault(topic) + 1;
        }
    }

    /// <summary>The receiver took a message on <paramref name="topic"/> from the session.</summary>
    internal void Delivered(string topic)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(topic, out var count) && count > 1)
            {
                _inFlight[topic] = count - 1;
            }
            else
            {
                _inFlight.Remove(topic);
            }
        }
    }

    /// <summary>
    /// Registers an alarm uplink on <paramref name="topic"/> about to be handed to the pipeline as
    /// <paramref name="uplinks"/> raw uplinks; null when an earlier message on the topic is still on its way.
    /// </summary>
    internal ShortcutHandoff? TryStart(string topic, in ReadOnlySequence<byte> payload, int uplinks)
    {
        lock (_gate)
        {
            if (_inFlight.ContainsKey(topic) || _awaitingCopies >= MaxAwaitingCopies)
            {
                return null;
            }

            var handoff = new ShortcutHandoff(payload.ToArray(), uplinks);
            if (!_handed.TryGetValue(topic, out var queue))
            {
                _handed[topic] = queue = new Queue<ShortcutHandoff>();
            }

            queue.Enqueue(handoff);
            _awaitingCopies++;
            _taken++;
            return handoff;
        }
    }

    /// <summary>
    /// The receiver's turn for a message on <paramref name="topic"/>: the shortcut's handoff if this message is the
    /// session's copy of an alarm already handed over (the first one waiting on the topic, same payload).
    /// </summary>
    internal bool TryTakeCopy(string topic, in ReadOnlySequence<byte> payload, out ShortcutHandoff handoff)
    {
        lock (_gate)
        {
            if (_handed.TryGetValue(topic, out var queue) && queue.TryPeek(out var first) && payload.Length == first.Payload.Length &&
                Matches(payload, first.Payload))
            {
                queue.Dequeue();
                _awaitingCopies--;
                if (queue.Count == 0)
                {
                    _handed.Remove(topic);
                }

                handoff = first;
                return true;
            }
        }

        handoff = null!;
        return false;
    }

    /// <summary>The gateway's session is gone, and with it every message queued for it.</summary>
    internal void Reset()
    {
        lock (_gate)
        {
            _inFlight.Clear();
            _handed.Clear();
            _awaitingCopies = 0;
        }
    }

    private static bool Matches(in ReadOnlySequence<byte> payload, byte[] expected)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan.SequenceEqual(expected);
        }

        var offset = 0;
        foreach (var segment in payload)
        {
            if (!segment.Span.SequenceEqual(expected.AsSpan(offset, segment.Length)))
            {
                return false;
            }

            offset += segment.Length;
        }

        return true;
    }
}
