using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Alarms;

/// <summary>Real protocol frames through the real pipeline, a fake clock for time-based rules.</summary>
public sealed class AlarmScenarioTests
{
    private const uint Chip = 0x11000001;
    private const uint Wristband = 0x22000001;

    private static RadioFrame Sos(uint counter, bool position = true) => RadioFrame.AlarmEvent(
        Wristband, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 60, AlarmEventCode.Sos,
        position ? GeoFix.FromDegrees(25.1012, 105.4695, 8, 1) : null);

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, PipelineHarness harness, TimeSpan? advance = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            if (advance is { } step)
            {
                harness.Clock.Advance(step);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the expected alarm never came");
    }

    [Fact]
    public async Task SosPressedThreeTimes_IsOneAlarmWithCountThree()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();

        for (uint counter = 1; counter <= 3; counter++)
        {
            Assert.Equal(UplinkOutcome.Accepted, await harness.SendAsync(harness.Sign(Sos(counter)), at: TimeSpan.FromSeconds(counter * 20)));
        }

        var events = harness.Store.EventsAfter(0, 100);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal([AlarmEventType.Raised, AlarmEventType.Updated, AlarmEventType.Updated], events.Select(e => e.Type));
        var alarm = events[^1].Alarm;
        Assert.Equal(AlarmKind.Sos, alarm.Kind);
        Assert.Equal(AlarmSeverity.Critical, alarm.Severity);
        Assert.Equal(3, alarm.Count);
        Assert.Equal(Wristband, alarm.DeviceId);
        Assert.Equal("wufu", alarm.HomeCommunityId);
        Assert.Equal(LocationSource.Gnss, alarm.Location!.Value.Source);
        Assert.Equal(PipelineHarness.Start.AddSeconds(60), alarm.LastSeen);
        Assert.Single(harness.Store.LoadStartState().Active);
    }

    [Fact]
    public async Task SosFlagStillSetInLaterFrames_DoesNotCountAgain()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();

        await harness.SendAsync(harness.Sign(Sos(1)));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 2, DeviceStatusFlags.Sos, 60)), at: TimeSpan.FromSeconds(30));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 3, DeviceStatusFlags.Sos, 60)), at: TimeSpan.FromSeconds(60));

        Assert.Single(harness.Store.EventsAfter(0, 100));
    }

    [Fact]
    public async Task StolenBike_HeardByThreeReceiversAndAPatrol_IsOneAlarmWithFourSightings()
    {
        await using var harness = new PipelineHarness();
        harness.Registry.ApplyTheft(new TheftReport
        {
            Id = 42,
            DeviceId = Chip,
            PoliceReportNumber = "AL-2026-1129-007",
            StolenAt = PipelineHarness.Start.AddHours(-2),
            ReportedBy = "owner-wf-001",
            ReportedAt = PipelineHarness.Start.AddHours(-1),
        });
        await harness.StartAsync();
        var beacon = harness.Sign(RadioFrame.Beacon(Chip, 100, DeviceStatusFlags.None, 80));
        var patrolAt = new GeoPoint(25.0931, 105.4802);

        await harness.SendAsync(beacon, "gate-north", rssi: -70);
        await harness.SendAsync(beacon, "gate-south", rssi: -85, at: TimeSpan.FromMilliseconds(200));
        await harness.SendAsync(beacon, "pole-east", rssi: -90, at: TimeSpan.FromMilliseconds(400));
        await harness.SendAsync(
            harness.Sign(RadioFrame.Beacon(Chip, 101, DeviceStatusFlags.None, 80)), "patrol-1", at: TimeSpan.FromMinutes(7), receiverPosition: patrolAt);

        var events = harness.Store.EventsAfter(0, 100);
        Assert.All(events, e => Assert.Equal(AlarmKind.StolenBikeSighted, e.Alarm.Kind));
        Assert.Single(events.Select(e => e.Alarm.Id).Distinct());
        var sightings = harness.Store.EventsOf(events[0].Alarm.Id);
        Assert.Equal(4, sightings.Count);
        Assert.Equal(["gate-north", "gate-south", "pole-east", "patrol-1"], sightings.Select(s => s.Alarm.ReceiverIds.Single()));
        Assert.All(sightings, s => Assert.NotNull(s.Alarm.Location));
        Assert.Equal(patrolAt, sightings[^1].Alarm.Location!.Value.Point);
        Assert.Equal(AlarmSeverity.Critical, sightings[^1].Alarm.Severity);
        Assert.Equal(4, sightings[^1].Alarm.Count);
        Assert.Contains("AL-2026-1129-007", sightings[^1].Alarm.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnacknowledgedSos_EscalatesOnce_AcknowledgedOneDoesNot()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        await harness.SendAsync(harness.Sign(Sos(1)));
        await harness.SendAsync(harness.Sign(RadioFrame.AlarmEvent(Chip, 1, DeviceStatusFlags.Fall, 90, AlarmEventCode.Fall)));
        var chipAlarm = harness.Store.EventsAfter(0, 100).Single(e => e.Alarm.DeviceId == Chip).Alarm;
        var ack = await harness.Pipeline.AcknowledgeAlarmAsync(chipAlarm.Id, "officer-wf-01", CancellationToken.None);
        Assert.Equal(AlarmChangeError.None, ack.Error);

        // Straight to the escalation time, then no further: the tick stamps the escalation with the clock's time
        // when it runs, however late the thread pool runs it.
        harness.Clock.Advance(PipelineHarness.Start + TimeSpan.FromMinutes(2) - harness.Clock.GetUtcNow());
        var escalation = await EventuallyAsync(
            () => harness.Store.EventsAfter(0, 100).FirstOrDefault(e => e.Type == AlarmEventType.Escalated), harness);
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.TickThroughAsync();

        Assert.Equal(Wristband, escalation.Alarm.DeviceId);
        Assert.InRange(escalation.At - PipelineHarness.Start, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2.2));
        Assert.Single(harness.Store.EventsAfter(0, 100), e => e.Type == AlarmEventType.Escalated);
    }

    [Fact]
    public async Task AcknowledgeThenResolve_RecordsWhoAndTheNote_AndTheNextSosOpensANewAlarm()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        await harness.SendAsync(harness.Sign(Sos(1)));
        var alarmId = harness.Store.EventsAfter(0, 1)[0].Alarm.Id;

        var ack = await harness.Pipeline.AcknowledgeAlarmAsync(alarmId, "officer-wf-01", CancellationToken.None);
        var again = await harness.Pipeline.AcknowledgeAlarmAsync(alarmId, "officer-wf-02", CancellationToken.None);
        var resolved = await harness.Pipeline.ResolveAlarmAsync(alarmId, "officer-wf-01", "Grandma Wang found at the market, safe", CancellationToken.None);
        var unknown = await harness.Pipeline.ResolveAlarmAsync(999, "officer-wf-01", "?", CancellationToken.None);
        await harness.SendAsync(harness.Sign(Sos(2)), at: TimeSpan.FromHours(1));

        Assert.Equal("officer-wf-01", ack.Event!.Alarm.AcknowledgedBy);
        Assert.Equal(AlarmChangeError.AlreadyAcknowledged, again.Error);
        Assert.Equal(AlarmState.Resolved, resolved.Event!.Alarm.State);
        Assert.Equal("Grandma Wang found at the market, safe", resolved.Event.Alarm.ResolutionNote);
        Assert.Equal(AlarmChangeError.NotActive, unknown.Error);
        var events = harness.Store.EventsAfter(0, 100);
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Sequence));
        Assert.NotEqual(alarmId, events[^1].Alarm.Id);
        Assert.Equal(AlarmEventType.Raised, events[^1].Type);
    }

    [Fact]
    public async Task WristbandGoesSilent_RaisesOnce_AfterTenMinutes()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 90)));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Chip, 1, DeviceStatusFlags.Armed, 90)));

        harness.Clock.Advance(TimeSpan.FromMinutes(9));
        await harness.TickThroughAsync();
        Assert.Empty(harness.Store.EventsAfter(0, 100));

        var silent = await EventuallyAsync(
            () => harness.Store.EventsAfter(0, 100).FirstOrDefault(e => e.Alarm.Kind == AlarmKind.SilentTooLong), harness, TimeSpan.FromSeconds(10));
        harness.Clock.Advance(TimeSpan.FromMinutes(30));
        await harness.TickThroughAsync();

        Assert.Equal(Wristband, silent.Alarm.DeviceId);
        var silentEvents = harness.Store.EventsAfter(0, 100).Where(e => e.Alarm.Kind == AlarmKind.SilentTooLong).ToList();
        Assert.Single(silentEvents);
    }

    [Fact]
    public async Task SilenceReported_IsNotReportedAgainAfterAGatewayRestart()
    {
        var store = new InMemoryStore();
        await using (var before = new PipelineHarness(store: store))
        {
            await before.StartTickingAsync();
            await before.SendAsync(before.Sign(RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 90)));
            before.Clock.Advance(TimeSpan.FromMinutes(11));
            await before.TickThroughAsync();
            Assert.Single(store.EventsAfter(0, 100), e => e.Alarm.Kind == AlarmKind.SilentTooLong);
        }

        await using var after = new PipelineHarness(store: store);
        await after.StartTickingAsync();
        after.Clock.Advance(TimeSpan.FromMinutes(30));
        await after.TickThroughAsync();

        Assert.Single(store.EventsAfter(0, 100));
    }

    [Fact]
    public async Task WristbandRemoved_RaisesOnTheFlagsRisingEdgeOnly()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();

        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 90)));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 2, DeviceStatusFlags.Removed, 90)), at: TimeSpan.FromSeconds(30));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 3, DeviceStatusFlags.Removed, 90)), at: TimeSpan.FromSeconds(60));

        var alarm = Assert.Single(harness.Store.EventsAfter(0, 100)).Alarm;
        Assert.Equal(AlarmKind.WristbandRemoved, alarm.Kind);
        Assert.Equal(AlarmSeverity.High, alarm.Severity);
    }

    [Fact]
    public async Task ArmedBikeMovedOrTampered_RaisesHighAlarms()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();

        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Chip, 1, DeviceStatusFlags.Armed, 90)));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Chip, 2, DeviceStatusFlags.Armed | DeviceStatusFlags.Moving, 90)), at: TimeSpan.FromSeconds(10));
        await harness.SendAsync(harness.Sign(RadioFrame.AlarmEvent(Chip, 3, DeviceStatusFlags.Armed | DeviceStatusFlags.Tamper, 90, AlarmEventCode.Tamper)), at: TimeSpan.FromSeconds(20));

        Assert.Equal(
            [AlarmKind.MovedWhileArmed, AlarmKind.Tamper],
            harness.Store.EventsAfter(0, 100).Select(e => e.Alarm.Kind));
    }

    [Fact]
    public async Task ForgedFramesForADevice_RaiseASecurityAlarm_AndChangeNothing()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var outcomes = new List<UplinkOutcome>();
        for (uint counter = 1; counter <= 5; counter++)
        {
            var forged = harness.Sign(RadioFrame.Beacon(Chip, counter, DeviceStatusFlags.None, 90));
            forged[^2] ^= 0x55;
            outcomes.Add(await harness.SendAsync(forged, at: TimeSpan.FromSeconds(counter)));
        }

        Assert.All(outcomes, o => Assert.Equal(UplinkOutcome.BadMic, o));
        var alarm = Assert.Single(harness.Store.EventsAfter(0, 100)).Alarm;
        Assert.Equal(AlarmKind.Security, alarm.Kind);
        Assert.Null(harness.Store.Find(Chip));
    }

    [Fact]
    public async Task FramesDeliveredAgainAfterACrash_AreReplaysThatSuspectNobody_WhileTheSameFramesSentAnewRaiseASecurityAlarm()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var frames = Enumerable.Range(1, 6).Select(c => harness.Sign(RadioFrame.Beacon(Chip, (uint)c, DeviceStatusFlags.None, 90))).ToList();
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(UplinkOutcome.Accepted, await harness.SendAsync(frames[i], at: TimeSpan.FromSeconds(i)));
        }

        // The broker delivers them again (MQTT DUP) after the gateway crashed before acknowledging them.
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(UplinkOutcome.Replay, await harness.SendAsync(frames[i], at: TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(i), redelivery: true));
        }

        Assert.Empty(harness.Store.EventsAfter(0, 100));

        // The same frames sent afresh are someone replaying recordings.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(UplinkOutcome.Replay, await harness.SendAsync(frames[i], at: TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(i)));
        }

        Assert.Equal(AlarmKind.Security, Assert.Single(harness.Store.EventsAfter(0, 100)).Alarm.Kind);
    }

    [Fact]
    public async Task LowBattery_RaisesOnceUntilTheBatteryRecovers()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();

        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 19)));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 2, DeviceStatusFlags.None, 18)), at: TimeSpan.FromMinutes(1));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 3, DeviceStatusFlags.Charging, 90)), at: TimeSpan.FromMinutes(2));
        await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 4, DeviceStatusFlags.None, 15)), at: TimeSpan.FromMinutes(3));

        var events = harness.Store.EventsAfter(0, 100);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(AlarmKind.LowBattery, e.Alarm.Kind));
        Assert.Equal(AlarmEventType.Updated, events[1].Type);
    }

    [Fact]
    public async Task BaseStationStopsReporting_RaisesReceiverSilent()
    {
        await using var harness = new PipelineHarness();
        harness.Board.Update("gate-north", h => h with { Link = ReceiverLink.Connected, LastStatusAt = PipelineHarness.Start });
        await harness.StartAsync();

        var silent = await EventuallyAsync(
            () => harness.Store.EventsAfter(0, 100).FirstOrDefault(e => e.Alarm.Kind == AlarmKind.ReceiverSilent), harness, TimeSpan.FromSeconds(10));

        Assert.Equal("gate-north", silent.Alarm.ReceiverId);
        Assert.Null(silent.Alarm.DeviceId);
        Assert.Equal("wufu", silent.Alarm.HomeCommunityId);
    }

    [Fact]
    public async Task LiveSubscriber_GetsEveryEventInOrder_OnlyAfterItIsStored()
    {
        await using var harness = new PipelineHarness();
        using var subscription = harness.Hub.Subscribe(capacity: 100);
        await harness.StartAsync();

        await harness.SendAsync(harness.Sign(Sos(1)));
        await harness.SendAsync(harness.Sign(Sos(2)), at: TimeSpan.FromSeconds(5));

        var received = new List<AlarmEvent>();
        while (received.Count < 2)
        {
            var next = await subscription.Events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(harness.Store.FindAlarm(next.Alarm.Id));
            received.Add(next);
        }

        Assert.Equal([1L, 2L], received.Select(e => e.Sequence));
    }
}
