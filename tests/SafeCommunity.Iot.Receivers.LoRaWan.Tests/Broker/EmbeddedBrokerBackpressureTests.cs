using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Broker;

/// <summary>
/// The embedded broker with a gateway that falls behind (its pipeline holds every uplink unacknowledged): a network
/// server's flood is slowed down, never cut, and an SOS still goes straight through.
/// </summary>
public sealed class EmbeddedBrokerBackpressureTests(ITestOutputHelper output)
{
    private const int Backlog = 20;
    private const int SessionBound = 40;
    private const int Flood = 300;
    private const string Topic = "application/app/device/0101010101010101/event/up";

    [Fact]
    public async Task GatewayFallsBehind_PublishersAreHeldInsteadOfMessagesDropped_AndAnSosGoesThrough()
    {
        var port = FreePort.Next();
        var ingress = new RecordingIngress { HoldCompletions = true };
        await using var gateway = await GatewayHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Receivers:LoRaWan:Broker:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Receivers:LoRaWan:Broker:MaxGatewayBacklog"] = Backlog.ToString(CultureInfo.InvariantCulture),
                ["Receivers:LoRaWan:Broker:MaxPendingMessagesPerClient"] = SessionBound.ToString(CultureInfo.InvariantCulture),
            },
            ingress,
            TestDevices.CreateRegistry(),
            output);
        var broker = gateway.Services.GetRequiredService<LoRaWanBroker>();

        // The flood: far more than the gateway's session may queue, all in flight at once.
        await using var networkServer = await TestMqttClient.ConnectAsync(port);
        var publishes = Enumerable.Range(1, Flood)
            .Select(i => networkServer.PublishAsync(Topic, Uplink(TestDevices.Beacon(TestDevices.ChirpStackChip, (uint)i))))
            .ToArray();
        await Waiting.UntilAsync(() => broker.Held > 0 && ingress.Count >= Backlog, TimeSpan.FromSeconds(30), "the broker to hold the publisher back");
        Assert.True(publishes.Count(p => p.IsCompleted) < Flood, "the publisher got every PUBACK although the gateway stored nothing");

        // While routine uplinks are held, an SOS from another network server connection is not.
        await using var sosSender = await TestMqttClient.ConnectAsync(port);
        var sos = TestDevices.Sign(RadioFrame.AlarmEvent(TestDevices.ChirpStackChip, 100_000, DeviceStatusFlags.None, 80, AlarmEventCode.Sos));
        await sosSender.PublishAsync(Topic, Uplink(sos));
        await Waiting.UntilAsync(() => ingress.Received.Any(u => u.Payload.Span.SequenceEqual(sos)), TimeSpan.FromSeconds(30), "the SOS to reach the gateway");

        // The gateway catches up: every message of the flood arrives, none was dropped.
        ingress.HoldCompletions = false;
        ingress.ReleaseHeld(UplinkOutcome.Accepted);
        await Task.WhenAll(publishes).WaitAsync(TimeSpan.FromSeconds(60));
        await ingress.WaitForAsync(Flood + 1);
        ingress.ReleaseHeld(UplinkOutcome.Accepted);

        var counters = ingress.Received
            .Select(u => RadioFrameReader.Read(u.Payload.Span, out var frame) == RadioFrameError.None ? frame.Counter : 0)
            .Where(c => c <= Flood)
            .ToHashSet();
        Assert.Equal(Flood, counters.Count);
        Assert.Equal(0, broker.Dropped);
    }

    private static string Uplink(byte[] frame) =>
        UplinkMessages.ChirpStackV4(TestDevices.ChirpStackChipDevEui, frame, ("0016c001f153a14c", -40, 9, false));
}
