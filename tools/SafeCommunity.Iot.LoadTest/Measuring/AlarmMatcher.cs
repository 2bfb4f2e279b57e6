using System.Diagnostics;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// Pairs each SOS frame the tool sent with the alarm event it raised. The gateway turns every SOS press of a device
/// into one event of that device's SOS alarm (raised, then updated with a higher count), in the order the device sent
/// them, so the n-th SOS event of a device answers its n-th SOS frame. Times are <see cref="Stopwatch"/> timestamps.
/// </summary>
internal sealed class AlarmMatcher
{
    private readonly object _lock = new();
    private readonly Dictionary<uint, Queue<long>> _pending = [];
    private readonly List<double> _latenciesMs = [];
    private readonly Dictionary<string, int> _unexpected = new(StringComparer.Ordinal);
    private int _sent;

    /// <summary>SOS frames handed to the broker.</summary>
    public int Sent
    {
        get
        {
            lock (_lock)
            {
                return _sent;
            }
        }
    }

    /// <summary>Frames whose alarm arrived.</summary>
    public int Matched
    {
        get
        {
            lock (_lock)
            {
                return _latenciesMs.Count;
            }
        }
    }

    /// <summary>Notes that an SOS frame of <paramref name="deviceId"/> went out at <paramref name="sentAt"/>.</summary>
    public void FrameSent(uint deviceId, long sentAt)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(deviceId, out var queue))
            {
                _pending[deviceId] = queue = new Queue<long>();
            }

            queue.Enqueue(sentAt);
            _sent++;
        }
    }

    /// <summary>Takes an alarm event received at <paramref name="receivedAt"/>; events that answer no frame are counted by kind.</summary>
    public void EventReceived(AlarmEvent alarmEvent, long receivedAt)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        var alarm = alarmEvent.Alarm;
        lock (_lock)
        {
            var answers = alarm is not null && alarm.Kind == AlarmKind.Sos &&
                alarmEvent.Type is AlarmEventType.Raised or AlarmEventType.Updated &&
                _pending.TryGetValue(alarm.DeviceId, out var queue) && queue.Count > 0;
            if (answers)
            {
                var sentAt = _pending[alarm!.DeviceId].Dequeue();
                _latenciesMs.Add(Stopwatch.GetElapsedTime(sentAt, receivedAt).TotalMilliseconds);
                return;
            }

            var key = $"{alarm?.Kind ?? AlarmKind.Unspecified} {alarmEvent.Type}";
            _unexpected[key] = _unexpected.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>What was matched, what is missing and what came unasked.</summary>
    public AlarmResult Result()
    {
        lock (_lock)
        {
            return new AlarmResult(
                _sent,
                _latenciesMs.Count,
                _pending.Values.Sum(q => q.Count),
                new Dictionary<string, int>(_unexpected, StringComparer.Ordinal),
                LatencySummary.Of(_latenciesMs));
        }
    }
}

/// <summary>Alarm frames and the alarms they raised.</summary>
/// <param name="Sent">SOS frames handed to the broker.</param>
/// <param name="Matched">Of them, those whose alarm event arrived.</param>
/// <param name="Missing">Those whose alarm event never arrived.</param>
/// <param name="Unexpected">Alarm events that answer no frame, by kind and event type.</param>
/// <param name="LatencyMs">Frame sent → alarm event received, milliseconds.</param>
internal sealed record AlarmResult(int Sent, int Matched, int Missing, IReadOnlyDictionary<string, int> Unexpected, LatencySummary LatencyMs);
