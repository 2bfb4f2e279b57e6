using Grpc.Core;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Support;

/// <summary>Reading an alarm stream in tests.</summary>
internal static class StreamReading
{
    /// <summary>The next <paramref name="count"/> events, skipping heartbeats.</summary>
    public static async Task<List<AlarmEvent>> NextEventsAsync(this IAsyncStreamReader<WatchAlarmsResponse> stream, int count, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var events = new List<AlarmEvent>();
        while (events.Count < count && await stream.MoveNext(cancel.Token))
        {
            if (stream.Current.Event is { } alarmEvent)
            {
                events.Add(alarmEvent);
            }
        }

        return events;
    }

    /// <summary>The next heartbeat, skipping nothing: the first message must be one.</summary>
    public static async Task<Heartbeat> HeartbeatAsync(this IAsyncStreamReader<WatchAlarmsResponse> stream)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await stream.MoveNext(cancel.Token));
        return stream.Current.Heartbeat ?? throw new InvalidOperationException($"Expected a heartbeat, got {stream.Current}.");
    }
}
