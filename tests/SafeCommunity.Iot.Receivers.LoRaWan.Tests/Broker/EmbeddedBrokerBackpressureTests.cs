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
    private const string WristbandTopic = "application/app/device/0004a30b001c0530/event/up";

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

    [Fact]
    public async Task GatewaysQueueIsLong_AnSosOfAnotherDeviceOvertakesIt_IsHandledOnce_AndItsOwnDeviceKeepsItsOrder()
    {
        var port = FreePort.Next();
        var ingress = new RecordingIngress { BlockRoutine = true };
        await using var gateway = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["Receivers:LoRaWan:Broker:Port"] = port.ToString(CultureInfo.InvariantCulture) },
            ingress,
            TestDevices.CreateRegistry(),
            output);
        var shortcut = gateway.Services.GetRequiredService<AlarmShortcut>();

        // The pipeline takes no routine frame: the chip's reports pile up in the broker's queue for the gateway.
        await using var networkServer = await TestMqttClient.ConnectAsync(port);
        var reports = Enumerable.Range(1, 50)
            .Select(i => networkServer.PublishAsync(Topic, Uplink(TestDevices.Beacon(TestDevices.ChirpStackChip, (uint)i))))
            .ToArray();
        await Task.WhenAll(reports).WaitAsync(TimeSpan.FromSeconds(30));
        await Waiting.UntilAsync(() => ingress.WaitingRoutine == 1, TimeSpan.FromSeconds(30), "the receiver to wait with the first report");

        // The wristband's SOS reaches the pipeline at once, ahead of the 49 reports still queued.
        await using var sosSender = await TestMqttClient.ConnectAsync(port);
        var wristbandSos = TestDevices.Sign(RadioFrame.AlarmEvent(TestDevices.TtsWristband, 7, DeviceStatusFlags.None, 80, AlarmEventCode.Sos));
        await sosSender.PublishAsync(WristbandTopic, WristbandUplink(wristbandSos));
        await Waiting.UntilAsync(() => ingress.Received.Any(u => u.Payload.Span.SequenceEqual(wristbandSos)), TimeSpan.FromSeconds(30), "the SOS to overtake the queue");
        Assert.DoesNotContain(ingress.Received, u => !RadioFrameReader.IsAlarmEvent(u.Payload.Span));
        Assert.Equal(1, shortcut.Taken);

        // The chip's own SOS does not overtake the chip's queued reports.
        var chipSos = TestDevices.Sign(RadioFrame.AlarmEvent(TestDevices.ChirpStackChip, 100, DeviceStatusFlags.None, 80, AlarmEventCode.Tamper));
        await sosSender.PublishAsync(Topic, Uplink(chipSos));

        ingress.BlockRoutine = false;
        await ingress.WaitForAsync(52);
        await Task.Delay(500);
        var received = ingress.Received;
        Assert.Equal(52, received.Count);
        Assert.Single(received, u => u.Payload.Span.SequenceEqual(wristbandSos));
        var chip = received.Where(u => !u.Payload.Span.SequenceEqual(wristbandSos)).ToList();
        Assert.True(chip[^1].Payload.Span.SequenceEqual(chipSos), "the chip's SOS came before its own earlier reports");
        Assert.Equal(1, shortcut.Taken);
    }

    private static string WristbandUplink(byte[] frame) =>
        UplinkMessages.ChirpStackV4(TestDevices.TtsWristbandDevEui, frame, ("0016c001f153a14c", -40, 9, false));

    private static string Uplink(byte[] frame) =>
        UplinkMessages.ChirpStackV4(TestDevices.ChirpStackChipDevEui, frame, ("0016c001f153a14c", -40, 9, false));
}
