using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;
using static SafeCommunity.Iot.Ingestion.Tests.Support.SafeZoneWalk;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// The device timers (silent too long, a geofence crossing confirmed by time) of gateways sharing a store: run by the
/// gateway that leads, on what every gateway heard, and carried on by the next leader from what the store remembers,
/// so a gateway's death neither loses a pending crossing nor reports a silence twice.
/// </summary>
public sealed class SharedTimersTests
{
    [Fact]
    public async Task WristbandHeardOnlyByTheOtherGateway_TheLeaderReportsItsSilenceOnce_TheOtherNever()
    {
        var store = new InMemoryStore { IsShared = true };
        await using var leader = new PipelineHarness(store: store, signal: new LeadershipSignal(store, leads: true));
        await using var hearing = new PipelineHarness(store: store, signal: new LeadershipSignal(store, leads: false));
        await leader.StartTickingAsync();
        await hearing.StartTickingAsync();

        // Heard every 4 minutes through the other gateway only, for 16 minutes; silent for 10 minutes after that.
        for (uint counter = 1; counter <= 5; counter++)
        {
            var at = TimeSpan.FromMinutes(4 * (counter - 1));
            await hearing.SendAsync(hearing.Sign(RadioFrame.Beacon(Wristband, counter, DeviceStatusFlags.None, 80)), at: at);
            await TickBothAsync(leader, hearing, at + TimeSpan.FromMinutes(3));
        }

        await TickBothAsync(leader, hearing, TimeSpan.FromMinutes(25));
        Assert.Empty(Silences(store));

        await TickBothAsync(leader, hearing, TimeSpan.FromMinutes(26));
        await TickBothAsync(leader, hearing, TimeSpan.FromMinutes(40));

        var silence = Assert.Single(Silences(store));
        Assert.Equal((Wristband, AlarmEventType.Raised), (silence.Alarm.DeviceId, silence.Type));
        Assert.Equal(PipelineHarness.Start + TimeSpan.FromMinutes(26), silence.At);
    }

    [Fact]
    public async Task LeaderDiesMidCrossing_TheNextLeaderConfirmsItByTime_AndReportsTheSilenceOnce_AcrossARestartToo()
    {
        var store = new InMemoryStore { IsShared = true };
        var survivorSignal = new LeadershipSignal(store, leads: false);
        await using var survivor = Fenced(new PipelineHarness(store: store, signal: survivorSignal));
        await survivor.StartTickingAsync();

        // The first leader hears the wearer at home, then one fix outside her safe zone: pending, not yet an exit.
        var first = Fenced(new PipelineHarness(store: store, signal: new LeadershipSignal(store, leads: true)));
        await using (first)
        {
            await first.StartTickingAsync();
            await first.SendAsync(first.Sign(Fix(1, 0)), at: TimeSpan.Zero);
            await first.SendAsync(first.Sign(Fix(2, 450)), at: TimeSpan.FromSeconds(30));
            await TickAsync(first, TimeSpan.FromSeconds(40));
            Assert.Empty(Alarms(store, AlarmKind.LeftSafeZone));
        }

        // It dies; the survivor leads: past the debounce time it confirms the crossing nobody else saw the end of.
        survivorSignal.LeadsEscalation = true;
        await TickAsync(survivor, TimeSpan.FromSeconds(95));
        var exit = Assert.Single(Alarms(store, AlarmKind.LeftSafeZone));
        Assert.Equal("fence:home-wang", exit.Alarm.ConditionKey);

        // Ten minutes after the last fix it reports her silent, once.
        await TickAsync(survivor, TimeSpan.FromMinutes(11));
        await TickAsync(survivor, TimeSpan.FromMinutes(20));
        Assert.Single(Alarms(store, AlarmKind.SilentTooLong));

        // A gateway started afterwards, and leading, knows both were reported: nothing is raised again.
        survivorSignal.LeadsEscalation = false;
        await using var restarted = Fenced(new PipelineHarness(store: store, signal: new LeadershipSignal(store, leads: true)));
        await restarted.StartTickingAsync();
        await TickAsync(restarted, TimeSpan.FromMinutes(30));
        await TickAsync(restarted, TimeSpan.FromMinutes(45));
        Assert.Single(Alarms(store, AlarmKind.SilentTooLong));
        Assert.Single(Alarms(store, AlarmKind.LeftSafeZone));
        Assert.Equal(2, store.EventsAfter(0, 100).Count);
    }

    private static PipelineHarness Fenced(PipelineHarness harness)
    {
        harness.Geofences.Add(SafeZone());
        return harness;
    }

    private static async Task TickBothAsync(PipelineHarness one, PipelineHarness other, TimeSpan at)
    {
        await TickAsync(one, at);
        await TickAsync(other, at);
    }

    /// <summary>Moves the gateway's clock to <paramref name="at"/> after the start, and waits for its tick to be stored.</summary>
    private static Task TickAsync(PipelineHarness harness, TimeSpan at)
    {
        harness.Clock.SetUtcNow(PipelineHarness.Start + at);
        return harness.TickThroughAsync();
    }

    private static List<AlarmEvent> Silences(InMemoryStore store) => Alarms(store, AlarmKind.SilentTooLong);

    private static List<AlarmEvent> Alarms(InMemoryStore store, AlarmKind kind) =>
        [.. store.EventsAfter(0, 100).Where(e => e.Alarm.Kind == kind)];
}
