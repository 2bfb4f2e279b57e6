using System.Collections.Concurrent;
using System.Diagnostics;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>
/// Times SOS frames from the moment they are handed to the pipeline to the moment their alarm event reaches a live
/// subscriber of the alarm hub (what the gRPC stream reads): the pipeline's share of alarm latency. A device's SOS
/// presses become one SOS alarm (raised, then updated), in order, so its n-th SOS event answers its n-th SOS frame.
/// </summary>
internal sealed class AlarmLatencyProbe : IDisposable
{
    private readonly ConcurrentDictionary<uint, ConcurrentQueue<long>> _sent = new();
    private readonly List<double> _milliseconds = [];
    private readonly AlarmSubscription _subscription;
    private readonly Task _reading;

    public AlarmLatencyProbe(AlarmHub hub)
    {
        _subscription = hub.Subscribe(100_000);
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Alarms that arrived for frames sent.</summary>
    public int Matched
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    /// <summary>Call just before handing an SOS frame of <paramref name="deviceId"/> over.</summary>
    public void Sending(uint deviceId) => _sent.GetOrAdd(deviceId, _ => new ConcurrentQueue<long>()).Enqueue(Stopwatch.GetTimestamp());

    /// <summary>p50, p99 and max in milliseconds (nearest rank), after waiting up to <paramref name="wait"/> for stragglers.</summary>
    public async Task<(double P50, double P99, double Max, int Count)> SummariseAsync(int expected, TimeSpan wait)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (Matched < expected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return (0, 0, 0, 0);
            }

            var sorted = _milliseconds.Order().ToArray();
            return (Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1], sorted.Length);
        }
    }

    public void Dispose() => _subscription.Dispose();

    private static double Rank(double[] sorted, double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Length) - 1)];

    private async Task ReadAsync()
    {
        await foreach (var alarmEvent in _subscription.Events.ReadAllAsync().ConfigureAwait(false))
        {
            if (alarmEvent.Alarm.Kind != AlarmKind.Sos || alarmEvent.Type is not (AlarmEventType.Raised or AlarmEventType.Updated) ||
                alarmEvent.Alarm.DeviceId is not { } deviceId || !_sent.TryGetValue(deviceId, out var times) || !times.TryDequeue(out var sent))
            {
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            lock (_milliseconds)
            {
                _milliseconds.Add(elapsed);
            }
        }
    }
}
