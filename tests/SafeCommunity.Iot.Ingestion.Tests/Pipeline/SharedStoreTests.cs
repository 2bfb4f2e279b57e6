using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// Two gateways on one shared store (as on PostgreSQL): each streams every alarm event of the store, its own and the
/// other's, in one gap-free order, and an alarm raised by one is acknowledged, resolved and updated through the
/// other as the same alarm.
/// </summary>
public sealed class SharedStoreTests
{
    private const uint Wristband = 0x22000001;

    [Fact]
    public async Task TwoGatewaysOnOneStore_StreamTheSameEvents_AndShareEveryAlarm()
    {
        var store = new InMemoryStore { IsShared = true };
        await using var east = new PipelineHarness(store: store);
        await using var west = new PipelineHarness(store: store);
        await east.StartAsync();
        await west.StartAsync();
        await Task.WhenAll(east.Hub.WhenStarted, west.Hub.WhenStarted);
        using var eastStream = east.Hub.Subscribe(100);
        using var westStream = west.Hub.Subscribe(100);

        Assert.Equal(UplinkOutcome.Accepted, await east.SendAsync(east.Sign(Alarm(20, AlarmEventCode.Sos))));
        Assert.Equal(UplinkOutcome.Accepted, await west.SendAsync(west.Sign(Alarm(21, AlarmEventCode.Fall))));
        var raised = await ReadAsync(eastStream, 2);
        var sos = raised.Single(e => e.Alarm.Kind == AlarmKind.Sos).Alarm.Id;
        var fall = raised.Single(e => e.Alarm.Kind == AlarmKind.Fall).Alarm.Id;

        // Once a gateway has streamed an alarm it knows it (its book took the event in before publishing it), so each
        // takes a person's change to the alarm the other raised.
        var westSeen = await ReadAsync(westStream, 2);
        var acknowledged = await west.Pipeline.AcknowledgeAlarmAsync(sos, "officer-wang", CancellationToken.None);
        var resolved = await east.Pipeline.ResolveAlarmAsync(fall, "officer-li", "false alarm", CancellationToken.None);
        Assert.Equal(AlarmEventType.Acknowledged, acknowledged.Event?.Type);
        Assert.Equal(AlarmEventType.Resolved, resolved.Event?.Type);
        await ReadAsync(eastStream, 2);

        // A second SOS through the gateway that raised the first updates the acknowledged alarm: still one alarm.
        Assert.Equal(UplinkOutcome.Accepted, await east.SendAsync(east.Sign(Alarm(22, AlarmEventCode.Sos)), at: TimeSpan.FromMinutes(1)));
        var updated = Assert.Single(await ReadAsync(eastStream, 1));
        Assert.Equal((AlarmEventType.Updated, sos, AlarmState.Acknowledged, 2), (updated.Type, updated.Alarm.Id, updated.Alarm.State, updated.Alarm.Count));

        var stored = store.EventsAfter(0, 100);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], stored.Select(e => e.Sequence));
        Assert.Equal(acknowledged.Event!.Sequence, stored.Single(e => e.Type == AlarmEventType.Acknowledged).Sequence);
        westSeen.AddRange(await ReadAsync(westStream, 3));
        Assert.Equal(stored.Select(e => (e.Sequence, e.Type, e.Alarm.Id)), westSeen.Select(e => (e.Sequence, e.Type, e.Alarm.Id)));
        Assert.NotEqual(sos, fall);
    }

    private static RadioFrame Alarm(uint counter, AlarmEventCode code) =>
        RadioFrame.AlarmEvent(Wristband, counter, DeviceStatusFlags.None, 70, code);

    private static async Task<List<AlarmEvent>> ReadAsync(AlarmSubscription subscription, int count)
    {
        var events = new List<AlarmEvent>(count);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (events.Count < count)
        {
            events.Add(await subscription.Events.ReadAsync(timeout.Token));
        }

        return events;
    }
}
