using System.Globalization;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Reliability.Tests.Support;
using Xunit.Abstractions;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Crashes;

/// <summary>
/// The real gateway process reading ChirpStack uplinks (QoS 1) from a real Mosquitto with its persistent session,
/// killed with SIGKILL three times at random moments while a network server publishes, and started again on the same
/// data directory each time. Every uplink the broker acknowledged to the network server counts: the broker keeps it
/// for the gateway's session until the gateway acknowledges it, which the gateway does only after storing its effects.
/// </summary>
public sealed class GatewayKillTests(ITestOutputHelper output) : BrokerBackedTest(output)
{
    private const int Wristbands = 40;
    private const int FramesPerWristband = 60;
    private const int Kills = 3;

    [Fact]
    public async Task Gateway_KilledThreeTimesUnderLoad_KeepsEveryAcknowledgedAlarmOnceWithoutGapsAndItsCountersAndPositions()
    {
        var random = SeededRandom();
        var script = WristbandTraffic.Script(Wristbands, FramesPerWristband, random);
        using var gateway = new GatewayRig(Work.Path, Broker.Port);
        await gateway.StartAsync();
        await using var networkServer = new NetworkServerPublisher(Broker.Port);
        var follower = new AlarmFollower(gateway);
        using var stopFollowing = new CancellationTokenSource();
        var following = follower.RunAsync(stopFollowing.Token);

        // About 400 uplinks a second for some 6 s; the kills fall while they flow.
        var publishing = Task.Run(() => networkServer.PublishPacedAsync(script));
        for (var kill = 1; kill <= Kills; kill++)
        {
            await Task.Delay(random.Next(300, 1500));
            var accepted = await gateway.Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"accepted\"");
            gateway.Kill();
            Output.WriteLine($"kill {kill}: {networkServer.Acknowledged.Count} of {script.Count} uplinks acknowledged by the broker; the killed gateway had accepted {accepted}");
            await gateway.StartAsync();
        }

        await publishing;
        Assert.Equal(script.Count, networkServer.Acknowledged.Count);
        var lastPositions = WristbandTraffic.LastOfEach(script);
        await Waiting.UntilAsync(
            async () => await gateway.AllAtAsync(lastPositions.Values),
            TimeSpan.FromSeconds(90), "every acknowledged uplink to be processed", () => gateway.Current.Log);

        // One SOS alarm per wristband, and every SOS press the broker acknowledged counted exactly once in it: none
        // lost, none counted twice by a redelivery.
        var sosPresses = script.Where(u => u.IsSos).ToList();
        var alarms = await gateway.ListAlarmsAsync();
        Assert.All(alarms, a => Assert.Equal(AlarmKind.Sos, a.Kind));
        Assert.Equal(WristbandTraffic.SosPressesOfEach(script), alarms.Select(a => (a.DeviceId, a.Count)).Order());

        // The stored stream from the start: one event per press (raised, then updated), numbered 1..N without a gap.
        var stored = await gateway.ReplayAsync(0);
        Assert.Equal(Enumerable.Range(1, sosPresses.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(Wristbands, stored.Count(e => e.Type == AlarmEventType.Raised));
        Assert.Equal(sosPresses.Count - Wristbands, stored.Count(e => e.Type == AlarmEventType.Updated));

        // The subscriber that lived through the kills, resuming after its last sequence each time, got each exactly once.
        await Waiting.UntilAsync(
            () => Task.FromResult(follower.ResumeAfter >= stored.Count && follower.Events.Count >= stored.Count),
            TimeSpan.FromSeconds(30), "the resuming subscriber to catch up");
        await stopFollowing.CancelAsync();
        await following;
        Assert.Equal(stored.Select(e => e.Sequence), follower.Events.Select(e => e.Sequence));
        Assert.True(follower.Resumes >= Kills, $"the subscriber resumed {follower.Resumes} times");

        // Counters survived: frames already accepted before the kills are replays now, and change nothing. (Within the
        // duplicate window, Ingestion:DuplicateWindow, 2 s, a frame heard again is merged as another reception instead.)
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var replaysBefore = await gateway.Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"replay\"");
        var replayedPosition = lastPositions[WristbandTraffic.FirstWristband];
        var replayedSos = script.First(u => u.IsSos && u.DeviceId == WristbandTraffic.FirstWristband + 1);
        await networkServer.PublishAsync(replayedSos, CancellationToken.None);
        await networkServer.PublishAsync(
            WristbandTraffic.Uplink(replayedPosition.DeviceId, replayedPosition.Counter, sos: false, 25.2, 105.5), CancellationToken.None);
        await Waiting.UntilAsync(
            async () => await gateway.Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"replay\"") >= replaysBefore + 2,
            TimeSpan.FromSeconds(30), "the two replayed frames to be rejected", () => gateway.Current.Log);
        Assert.True(await gateway.AllAtAsync(lastPositions.Values), "no device moved");
        Assert.Equal(alarms.Select(a => (a.Id, a.Count)), (await gateway.ListAlarmsAsync()).Select(a => (a.Id, a.Count)));
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{gateway.Starts} gateway starts; {script.Count} uplinks; {stored.Count} alarm events; the subscriber resumed {follower.Resumes} times"));
    }
}
