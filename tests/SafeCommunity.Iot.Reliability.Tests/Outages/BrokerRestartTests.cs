using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Reliability.Tests.Support;
using Xunit.Abstractions;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Outages;

/// <summary>
/// The real gateway process reading ChirpStack uplinks (QoS 1) from a real Mosquitto with persistence, while the broker
/// is restarted as a service manager restarts it (SIGTERM, then started again on the same folder). The network server
/// publishes through it all, publishing again what the broker did not acknowledge; the gateway reconnects by itself to
/// its persistent session and gets everything queued for it while it was away.
/// </summary>
public sealed class BrokerRestartTests(ITestOutputHelper output) : BrokerBackedTest(output)
{
    private const int Wristbands = 20;
    private const int FramesPerWristband = 40;

    [Fact]
    public async Task Broker_RestartedTwiceUnderLoad_GatewayReconnectsToItsSessionAndLosesNoAcknowledgedUplink()
    {
        var random = SeededRandom();
        var script = WristbandTraffic.Script(Wristbands, FramesPerWristband, random);
        using var gateway = new GatewayRig(Work.Path, Broker.Port);
        await gateway.StartAsync();
        await using var networkServer = new NetworkServerPublisher(Broker.Port);

        var publishing = Task.Run(() => networkServer.PublishPacedAsync(script));
        for (var restart = 1; restart <= 2; restart++)
        {
            await Task.Delay(random.Next(300, 1000));
            await Broker.StopAsync();
            Output.WriteLine($"broker stopped after {networkServer.Acknowledged.Count} of {script.Count} uplinks were acknowledged");
            await Task.Delay(random.Next(200, 1000));
            await Broker.StartAsync();

            // A service manager's restart is over once its clients are back; the next one is a separate outage. Without
            // this wait the second stop can land inside the gateway's reconnect backoff and the two merge into one.
            var reconnects = restart;
            await Waiting.UntilAsync(
                async () => await gateway.Current.MetricAsync("safecomm_lorawan_reconnects", string.Empty) >= reconnects,
                TimeSpan.FromSeconds(30), $"the gateway to reconnect after broker restart {restart}", () => gateway.Current.Log);
        }

        await publishing;
        Assert.Equal(script.Count, networkServer.Acknowledged.Count);
        await Waiting.UntilAsync(
            () => gateway.AllAtAsync(WristbandTraffic.LastOfEach(script).Values),
            TimeSpan.FromSeconds(60), "every acknowledged uplink to be processed", () => gateway.Current.Log);

        // Losses 0: every SOS press the broker acknowledged is counted in its wristband's alarm, none twice.
        var alarms = await gateway.ListAlarmsAsync();
        Assert.All(alarms, a => Assert.Equal(AlarmKind.Sos, a.Kind));
        Assert.Equal(WristbandTraffic.SosPressesOfEach(script), alarms.Select(a => (a.DeviceId, a.Count)).Order());
        var stored = await gateway.ReplayAsync(0);
        Assert.Equal(Enumerable.Range(1, script.Count(u => u.IsSos)).Select(i => (long)i), stored.Select(e => e.Sequence));

        // It was the same gateway process all along: it reconnected twice, each time to the session the broker kept.
        Assert.Equal(1, gateway.Starts);
        Assert.Equal(2, await gateway.Current.MetricAsync("safecomm_lorawan_reconnects", string.Empty));
        Assert.Equal(3, CountOf(gateway.Current.Log, "(session present: True)") + CountOf(gateway.Current.Log, "(session present: False)"));
        Assert.Equal(2, CountOf(gateway.Current.Log, "(session present: True)"));
        Output.WriteLine($"the network server published {networkServer.Retries} times again while the broker was away");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
