using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

/// <summary>
/// Two gateways in one MQTT 5 shared subscription on Mosquitto (<c>$share/&lt;group&gt;/...</c>): the broker hands each
/// uplink to one of them; what it gave a gateway that stopped waits in that gateway's session, and comes when it is back.
/// </summary>
public sealed class SharedSubscriptionTests(MosquittoFixture broker, ITestOutputHelper output) : IClassFixture<MosquittoFixture>
{
    private const int Uplinks = 200;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly DeviceRegistry _registry = TestDevices.CreateRegistry();

    [Fact]
    public async Task TwoGatewaysInOneGroup_EachUplinkReachesOneOfThem_AndWhatWasSentWhileOneWasAwayArrivesOnce()
    {
        var application = $"cs-{_run}";
        var first = new RecordingIngress();
        var second = new RecordingIngress();
        await using var gatewayA = await StartAsync("a", application, first);
        await using var gatewayB = await StartAsync("b", application, second);
        await using var networkServer = await TestMqttClient.ConnectAsync(broker.Port);
        var topic = $"application/{application}/device/{TestDevices.ChirpStackChipDevEui}/event/up";

        for (uint counter = 1; counter <= Uplinks; counter++)
        {
            await networkServer.PublishAsync(topic, UplinkMessages.ChirpStackV4(
                TestDevices.ChirpStackChipDevEui, TestDevices.Beacon(TestDevices.ChirpStackChip, counter), ("0016c001f153a14c", -60, 7.5, true)));
        }

        await Eventually.TrueAsync(() => first.Count + second.Count >= Uplinks, TimeSpan.FromSeconds(30), "every uplink at one of the two gateways");
        var frames = first.Received.Concat(second.Received).Select(u => Convert.ToHexString(u.Payload.Span)).ToList();
        Assert.Equal(Uplinks, frames.Count);
        Assert.Equal(Uplinks, frames.Distinct(StringComparer.Ordinal).Count());
        Assert.True(first.Count > 0 && second.Count > 0, $"the broker spread the uplinks ({first.Count} and {second.Count})");

        // B stops, its session stays (persistent, for nothing to be lost across a restart). Mosquitto 2.0 goes on giving
        // B's session its share of the group, so that share waits for B; A takes the rest at once.
        await gatewayB.StopAsync();
        var firstBefore = first.Count;
        for (uint counter = Uplinks + 1; counter <= Uplinks + 20; counter++)
        {
            await networkServer.PublishAsync(topic, UplinkMessages.ChirpStackV4(
                TestDevices.ChirpStackChipDevEui, TestDevices.Beacon(TestDevices.ChirpStackChip, counter), ("0016c001f153a14c", -60, 7.5, true)));
        }

        await first.WaitForAsync(firstBefore + 1);
        var restarted = new RecordingIngress();
        await using var gatewayBAgain = await StartAsync("b", application, restarted);
        await Eventually.TrueAsync(() => first.Count - firstBefore + restarted.Count >= 20, TimeSpan.FromSeconds(30), "the 20 uplinks sent while B was away");
        var afterStop = first.Received.Skip(firstBefore).Concat(restarted.Received).Select(u => Convert.ToHexString(u.Payload.Span)).ToList();
        Assert.Equal(20, afterStop.Count);
        Assert.Equal(20, afterStop.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(afterStop.Intersect(frames, StringComparer.Ordinal));
        output.WriteLine($"after B stopped: A took {first.Count - firstBefore} at once, B {restarted.Count} once it was back");
    }

    private Task<GatewayHost> StartAsync(string instance, string application, RecordingIngress ingress)
    {
        var configuration = GatewayHost.ExternalBroker(
            broker.Port, $"gateway-{_run}-{instance}", $"$share/gateways-{_run}/application/{application}/device/+/event/up");
        configuration["Receivers:LoRaWan:ApplicationId"] = application;
        return GatewayHost.StartAsync(configuration, ingress, _registry, output);
    }
}
