using System.Diagnostics;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// Pairs each SOS frame the tool sent with the alarm event it raised. The gateway turns every SOS press of a device
/// into one event of that device's SOS alarm (raised, then updated with a higher count), in the order the device sent
/// them, so the n-th SOS event of a device answers its n-th SOS frame. Times are <see cref="Stopwatch"/> timestamps.
/// <para>
/// An event that says when the gateway heard its frame (<see cref="AlarmEvent.At"/>, the gateway's clock on the same
/// machine) also splits the latency in two: frame sent → heard by the gateway (the tool's publisher, the broker and
/// its queue for the gateway), and heard → event received (the gateway's pipeline and the alarm stream).
/// </para>
/// </summary>
internal sealed class AlarmMatcher : IAlarmSink
{
    /// <summary>How many of the slowest alarms the result lists, to see whether they came together (one stall) or apart.</summary>
    public const int SlowestKept = 5;

    private readonly object _lock = new();
    private readonly Dictionary<uint, Queue<long>> _pending = [];
    private readonly List<double> _latenciesMs = [];
    private readonly List<double> _toGatewayMs = [];
    private readonly List<double> _throughGatewayMs = [];
    private readonly List<SlowAlarm> _matched = [];
    private readonly long _originTimestamp;
    private readonly DateTimeOffset _originTime;
    private readonly Dictionary<string, int> _unexpected = new(StringComparer.Ordinal);
    private int _sent;

    /// <summary>Creates a matcher whose timestamps map to wall-clock time from now.</summary>
    public AlarmMatcher()
        : this(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow)
    {
    }

    /// <summary>Creates a matcher on which <see cref="Stopwatch"/> timestamp <paramref name="originTimestamp"/> is <paramref name="originTime"/>.</summary>
    public AlarmMatcher(long originTimestamp, DateTimeOffset originTime)
    {
        _originTimestamp = originTimestamp;
        _originTime = originTime;
    }

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
                var latency = Stopwatch.GetElapsedTime(sentAt, receivedAt).TotalMilliseconds;
                _latenciesMs.Add(latency);
                double? toGateway = null;
                if (alarmEvent.At is { } heard)
                {
                    var heardAt = heard.ToDateTimeOffset();
                    toGateway = (heardAt - WallTime(sentAt)).TotalMilliseconds;
                    _toGatewayMs.Add(toGateway.Value);
                    _throughGatewayMs.Add((WallTime(receivedAt) - heardAt).TotalMilliseconds);
                }

                _matched.Add(new SlowAlarm(WallTime(sentAt), alarm.DeviceId, latency, toGateway));

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
                LatencySummary.Of(_latenciesMs),
                LatencySummary.Of(_toGatewayMs),
                LatencySummary.Of(_throughGatewayMs))
            {
                Slowest = [.. _matched.OrderByDescending(m => m.LatencyMs).Take(SlowestKept).OrderBy(m => m.SentAt)],
            };
        }
    }

    private DateTimeOffset WallTime(long timestamp) => _originTime + Stopwatch.GetElapsedTime(_originTimestamp, timestamp);
}

/// <summary>Alarm frames and the alarms they raised.</summary>
/// <param name="Sent">SOS frames handed to the broker.</param>
/// <param name="Matched">Of them, those whose alarm event arrived.</param>
/// <param name="Missing">Those whose alarm event never arrived.</param>
/// <param name="Unexpected">Alarm events that answer no frame, by kind and event type.</param>
/// <param name="LatencyMs">Frame sent → alarm event received, milliseconds.</param>
/// <param name="ToGatewayMs">Frame sent → heard by the gateway (its receiver stamped it), milliseconds; empty when events do not say.</param>
/// <param name="ThroughGatewayMs">Heard by the gateway → alarm event received, milliseconds; empty when events do not say.</param>
internal sealed record AlarmResult(
    int Sent, int Matched, int Missing, IReadOnlyDictionary<string, int> Unexpected, LatencySummary LatencyMs, LatencySummary ToGatewayMs, LatencySummary ThroughGatewayMs)
{
    /// <summary>Alarm events the gateway's own histogram counted during the run (every kind, heard → stored and published).</summary>
    public double GatewayCounted { get; init; }

    /// <summary>Of them, those published within 50 ms of hearing their frame.</summary>
    public double GatewayWithin50Ms { get; init; }

    /// <summary>The histogram bucket bound the gateway's 99th percentile is in (at or below it), ms; null without events.</summary>
    public double? GatewayP99AtMostMs { get; init; }

    /// <summary>The slowest matched alarms, in the order they were sent.</summary>
    public IReadOnlyList<SlowAlarm> Slowest { get; init; } = [];
}

/// <summary>One matched alarm: when its frame was sent, whose it was, and how long it took.</summary>
/// <param name="SentAt">When the frame was sent (wall clock).</param>
/// <param name="DeviceId">The device.</param>
/// <param name="LatencyMs">Frame sent → alarm event received.</param>
/// <param name="ToGatewayMs">Of it, frame sent → heard by the gateway, when the event says.</param>
internal sealed record SlowAlarm(DateTimeOffset SentAt, uint DeviceId, double LatencyMs, double? ToGatewayMs);
