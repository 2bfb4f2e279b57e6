using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// Two gateways on one shared store (as on PostgreSQL): each streams every alarm event of the store, its own and the
/// other's, in one gap-free order, and an alarm raised by one is acknowledged, resolved and updated through the
/// other as the same alarm. A frame counter is accepted once between them: one frame heard through both is one uplink
/// (its receptions merged), and a frame one accepted is a replay at the other.
/// </summary>
public sealed class SharedStoreTests
{
    private const uint Wristband = 0x22000001;

    [Fact]
    public async Task TwoGatewaysOnOneStore_StreamTheSameEvents_AndShareEveryAlarm()
    {
        await using var gateways = await TwoGateways.StartAsync();
        var (store, east, west) = (gateways.Store, gateways.East, gateways.West);
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

    [Fact]
    public async Task OneFrameThroughBothGateways_IsOneUplinkWithBothReceptions_AndRaisesOneAlarm()
    {
        await using var gateways = await TwoGateways.StartAsync();
        var (store, east, west) = (gateways.Store, gateways.East, gateways.West);
        using var stream = east.Hub.Subscribe(100);
        var sos = east.Sign(Alarm(30, AlarmEventCode.Sos));

        Assert.Equal(UplinkOutcome.Accepted, await east.SendAsync(sos, "gate-north", at: TimeSpan.FromMilliseconds(10)));
        Assert.Equal(UplinkOutcome.Duplicate, await west.SendAsync(sos, "gate-south", at: TimeSpan.FromMilliseconds(60)));

        Assert.Equal(AlarmKind.Sos, Assert.Single(await ReadAsync(stream, 1)).Alarm.Kind);
        var merged = Assert.Single(west.Observer.Stored);
        Assert.True(merged.IsDuplicate);
        Assert.Equal(["gate-north", "gate-south"], merged.Receptions.Select(r => r.ReceiverId));
        Assert.Equal(["gate-north", "gate-south"], store.ClaimedReceptions(Wristband).Select(r => r.ReceiverId));

        // Placed between the two gates by both receptions, not at the one gate that heard it first.
        var located = store.Find(Wristband)!.LastLocation!.Value;
        Assert.Equal(LocationSource.Receivers, located.Source);
        Assert.InRange(located.Point.Latitude, PipelineHarness.GateSouth.Latitude + 0.0005, PipelineHarness.GateNorth.Latitude - 0.0005);
        await east.TickThroughAsync();
        Assert.Single(store.EventsAfter(0, 100));
    }

    [Fact]
    public async Task FrameAcceptedByOneGateway_ReplayedToTheOtherLater_IsRefused()
    {
        await using var gateways = await TwoGateways.StartAsync();
        var (store, east, west) = (gateways.Store, gateways.East, gateways.West);
        var status = east.Sign(RadioFrame.Beacon(Wristband, 40, DeviceStatusFlags.None, 70));
        var older = east.Sign(RadioFrame.Beacon(Wristband, 39, DeviceStatusFlags.None, 70));
        Assert.Equal(UplinkOutcome.Accepted, await east.SendAsync(older));
        Assert.Equal(UplinkOutcome.Accepted, await east.SendAsync(status, at: TimeSpan.FromSeconds(1)));

        // The other gateway never saw these frames, so its own window would take them; the store does not.
        Assert.Equal(UplinkOutcome.Replay, await west.SendAsync(status, at: TimeSpan.FromMinutes(5)));
        Assert.Equal(UplinkOutcome.Replay, await west.SendAsync(older, at: TimeSpan.FromMinutes(5)));
        Assert.Empty(west.Observer.Stored);
        Assert.Equal(40u, store.Find(Wristband)!.LastCounter);

        // The next frame is new to both and accepted once, whichever gateway hears it.
        Assert.Equal(UplinkOutcome.Accepted, await west.SendAsync(west.Sign(RadioFrame.Beacon(Wristband, 41, DeviceStatusFlags.None, 70)), at: TimeSpan.FromMinutes(6)));
        Assert.Equal(41u, store.Find(Wristband)!.LastCounter);
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

    /// <summary>Two pipelines on one shared store, both started (their state read) before a frame is sent.</summary>
    private sealed class TwoGateways : IAsyncDisposable
    {
        private TwoGateways(InMemoryStore store)
        {
            Store = store;
            East = new PipelineHarness(store: store);
            West = new PipelineHarness(store: store);
        }

        public InMemoryStore Store { get; }

        public PipelineHarness East { get; }

        public PipelineHarness West { get; }

        public static async Task<TwoGateways> StartAsync()
        {
            var gateways = new TwoGateways(new InMemoryStore { IsShared = true });
            await gateways.East.StartAsync();
            await gateways.West.StartAsync();
            await Task.WhenAll(gateways.East.Hub.WhenStarted, gateways.West.Hub.WhenStarted);
            return gateways;
        }

        public async ValueTask DisposeAsync()
        {
            await West.DisposeAsync();
            await East.DisposeAsync();
        }
    }
}
