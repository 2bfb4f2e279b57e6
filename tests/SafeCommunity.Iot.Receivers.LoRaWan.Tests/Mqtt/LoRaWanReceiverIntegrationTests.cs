using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

/// <summary>
/// The receiver against a real broker: uplinks in, downlinks out, persistent sessions, acknowledgement only after the
/// pipeline completed. Each test uses its own client id and topics, so tests sharing a broker do not see each other.
/// </summary>
public abstract class LoRaWanReceiverIntegrationTests
{
    private readonly IBrokerFixture _broker;
    private readonly ITestOutputHelper _output;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly DeviceRegistry _registry = TestDevices.CreateRegistry();

    protected LoRaWanReceiverIntegrationTests(IBrokerFixture broker, ITestOutputHelper output)
    {
        _broker = broker;
        _output = output;
    }

    private string ChirpStackApplication => $"cs-{_run}";

    private string TtsApplication => $"tts-{_run}";

    private string ChirpStackTopic => $"application/{ChirpStackApplication}/device/{TestDevices.ChirpStackChipDevEui}/event/up";

    private string TtsTopic => $"v3/{TtsApplication}@ttn/devices/{TestDevices.TtsWristbandDeviceId}/up";

    [Fact]
    public async Task Uplinks_FromChirpStackAndTheThingsStack_ReachThePipelineOncePerReception()
    {
        var ingress = new RecordingIngress();
        await using var gateway = await StartGatewayAsync(ingress);
        await using var networkServer = await TestMqttClient.ConnectAsync(_broker.Port);
        var chip = TestDevices.Beacon(TestDevices.ChirpStackChip, 41);
        var wristband = TestDevices.Beacon(TestDevices.TtsWristband, 7);

        await networkServer.PublishAsync(ChirpStackTopic, UplinkMessages.ChirpStackV4(
            TestDevices.ChirpStackChipDevEui, chip, ("0016c001f153a14c", -36, 10.5, true), ("0016C001F153A14D", -97, -3.25, false)));
        await networkServer.PublishAsync(TtsTopic, UplinkMessages.TheThingsStack(TestDevices.TtsWristbandDeviceId, TestDevices.TtsWristbandDevEui, wristband));
        var received = await ingress.WaitForAsync(3);

        Assert.Equal(3, received.Count);
        Assert.All(received, u => Assert.Equal(UplinkTransport.LoRaWan, u.Transport));
        var first = received.Single(u => u.ReceiverId == "0016c001f153a14c");
        Assert.Equal(chip, first.Payload.ToArray());
        Assert.Equal(-36, first.RssiDbm);
        Assert.Equal(10.5, first.SnrDb);
        Assert.Equal(25.1012, first.ReceiverPosition!.Value.Latitude, 6);
        var second = received.Single(u => u.ReceiverId == "0016c001f153a14d");
        Assert.Equal(chip, second.Payload.ToArray());
        Assert.Equal(-97, second.RssiDbm);
        Assert.Equal(-3.25, second.SnrDb);
        Assert.Null(second.ReceiverPosition);
        var tts = received.Single(u => u.ReceiverId == "9c5c8e00001a05c4");
        Assert.Equal(wristband, tts.Payload.ToArray());
        Assert.Equal(-35, tts.RssiDbm);
        Assert.Equal(5, tts.SnrDb);
        Assert.NotNull(tts.ReceiverPosition);

        // The gateway clock decides when it heard the frame, not the network server's.
        Assert.All(received, u => Assert.True(u.ReceivedAt > DateTimeOffset.UtcNow.AddMinutes(-1), "ReceivedAt is the gateway's time"));

        var board = gateway.Services.GetRequiredService<ReceiverStatusBoard>();
        Assert.Equal(ReceiverLink.Connected, board.Find(gateway.Receiver.BrokerReceiverId)!.Link);
        Assert.StartsWith("mqtt:127.0.0.1:", gateway.Receiver.BrokerReceiverId, StringComparison.Ordinal);
        Assert.NotNull(board.Find("0016c001f153a14c")!.Position);
        Assert.NotNull(board.Find("9c5c8e00001a05c4")!.LastStatusAt);
    }

    [Fact]
    public async Task MalformedAndMisaddressedMessages_AreCountedAndAcknowledgedInTurn()
    {
        var ingress = new RecordingIngress();
        var metrics = default(LoRaWanMetrics);
        await using (var gateway = await StartGatewayAsync(ingress))
        {
            metrics = gateway.Services.GetRequiredService<LoRaWanMetrics>();
            await using var networkServer = await TestMqttClient.ConnectAsync(_broker.Port);
            await networkServer.PublishAsync(ChirpStackTopic, "garbage");
            await networkServer.PublishAsync(ChirpStackTopic, """{"deviceInfo":{"devEui":"0101010101010101"},"data":"!!"}""");

            // The registry has this DevEUI as the ChirpStack chip; a frame from another device under it is dropped.
            await networkServer.PublishAsync(ChirpStackTopic, UplinkMessages.ChirpStackV4(
                TestDevices.ChirpStackChipDevEui, TestDevices.Beacon(TestDevices.SerialChip, 3), ("0016c001f153a14c", -50, 1, false)));

            // A DevEUI the registry does not know still goes to the pipeline: the frame's own id decides there.
            await networkServer.PublishAsync($"application/{ChirpStackApplication}/device/0a0a0a0a0a0a0a0a/event/up", UplinkMessages.ChirpStackV4(
                "0a0a0a0a0a0a0a0a", TestDevices.Beacon(TestDevices.SerialChip, 4), ("0016c001f153a14c", -50, 1, false)));
            var received = Assert.Single(await ingress.WaitForAsync(1));
            Assert.Equal(TestDevices.Beacon(TestDevices.SerialChip, 4), received.Payload.ToArray());

            await Eventually.TrueAsync(
                () => metrics.Messages(LoRaWanMessageOutcome.NotJson) == 1 && metrics.Messages(LoRaWanMessageOutcome.BadBase64) == 1 &&
                      metrics.Messages(LoRaWanMessageOutcome.DeviceMismatch) == 1 && metrics.Acknowledged == 4,
                TimeSpan.FromSeconds(30),
                "the rejected messages to be counted");
            var board = gateway.Services.GetRequiredService<ReceiverStatusBoard>();
            Assert.Equal(2, board.Find(gateway.Receiver.BrokerReceiverId)!.LinkErrors);
        }

        // All four acknowledged, in the order they came: none of them comes back after a restart.
        var again = new RecordingIngress();
        await using var restarted = await StartGatewayAsync(again);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var restartedMetrics = restarted.Services.GetRequiredService<LoRaWanMetrics>();
        Assert.Equal(0, again.Count);
        Assert.Equal(0, restartedMetrics.Messages(LoRaWanMessageOutcome.NotJson) + restartedMetrics.Messages(LoRaWanMessageOutcome.DeviceMismatch));
    }

    [Fact]
    public async Task Downlink_IsPublishedOnTheDeviceTopic_AndCompletesWithTheDevicesAcknowledgement()
    {
        var ingress = new RecordingIngress();
        await using var gateway = await StartGatewayAsync(ingress);
        await using var networkServer = await TestMqttClient.ConnectAsync(_broker.Port);
        await networkServer.SubscribeAsync($"application/{ChirpStackApplication}/device/+/command/down");
        var sender = gateway.Services.GetRequiredService<DownlinkSender>();

        var sending = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.SoundBuzzer, 5, TimeSpan.FromSeconds(20), CancellationToken.None);
        var message = await networkServer.WaitForMessageAsync();

        Assert.Equal($"application/{ChirpStackApplication}/device/{TestDevices.ChirpStackChipDevEui}/command/down", message.Topic);
        using var body = JsonDocument.Parse(message.Payload);
        var root = body.RootElement;
        Assert.Equal(message.Topic.Split('/')[3], root.GetProperty("devEui").GetString());
        Assert.False(root.GetProperty("confirmed").GetBoolean());
        Assert.Equal(10, root.GetProperty("fPort").GetInt32());
        var frameBytes = Convert.FromBase64String(root.GetProperty("data").GetString()!);
        Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(frameBytes, out var frame));
        Assert.Equal(FrameType.DownlinkCommand, frame.Type);
        Assert.Equal(TestDevices.ChirpStackChip, frame.DeviceId);
        Assert.Equal(DownlinkCommandCode.SoundBuzzer, frame.Command);
        Assert.Equal(5, frame.Argument);
        using (var cmac = new AesCmac(TestDevices.KeyOf(TestDevices.ChirpStackChip)))
        {
            Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(frameBytes, cmac));
        }

        var secondsSince2025 = (DateTimeOffset.UtcNow - new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds;
        Assert.InRange(frame.Counter, secondsSince2025 - 60, secondsSince2025 + 1);
        Assert.False(sending.IsCompleted);

        // The device answers with a CommandAck uplink; the pipeline hands it to every observer once stored.
        _registry.TryGetDevice(TestDevices.ChirpStackChip, out var device);
        var ack = RadioFrame.CommandAck(TestDevices.ChirpStackChip, 42, DeviceStatusFlags.Armed, 80, frame.Counter, DownlinkCommandCode.SoundBuzzer, CommandResult.Done);
        foreach (var observer in gateway.Services.GetServices<IUplinkObserver>())
        {
            observer.OnStored(new AcceptedUplink(device, ack, [new Reception("0016c001f153a14c", DateTimeOffset.UtcNow, -40, 7, null, UplinkTransport.LoRaWan)], null, IsDuplicate: false));
        }

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DownlinkStatus.Acknowledged, result.Status);
        Assert.Equal(CommandResult.Done, result.CommandResult);
        Assert.Equal(frame.Counter, result.Counter);
        Assert.True(result.IsDone);
        Assert.Equal(0, sender.PendingCount);
    }

    [Fact]
    public async Task QoS1Uplinks_PublishedWhileTheGatewayIsStopped_AreProcessedAfterItStartsAgain()
    {
        // The first start creates the session and its subscriptions at the broker.
        await using (await StartGatewayAsync(new RecordingIngress()))
        {
        }

        await using (var networkServer = await TestMqttClient.ConnectAsync(_broker.Port))
        {
            for (uint counter = 1; counter <= 3; counter++)
            {
                await networkServer.PublishAsync(ChirpStackTopic, UplinkMessages.ChirpStackV4(
                    TestDevices.ChirpStackChipDevEui, TestDevices.Beacon(TestDevices.ChirpStackChip, counter), ("0016c001f153a14c", -60, 5, false)));
            }
        }

        var ingress = new RecordingIngress();
        await using var gateway = await StartGatewayAsync(ingress);
        var received = await ingress.WaitForAsync(3);

        Assert.Equal(
            [1u, 2u, 3u],
            received.Select(u => RadioFrameReader.Read(u.Payload.Span, out var frame) == RadioFrameError.None ? frame.Counter : 0u).Order());
        var metrics = gateway.Services.GetRequiredService<LoRaWanMetrics>();
        await Eventually.TrueAsync(() => metrics.Acknowledged == 3, TimeSpan.FromSeconds(30), "the three messages to be acknowledged");
    }

    [Fact]
    public async Task Message_IsNotAcknowledgedBeforeThePipelineCompletesIt_SoTheBrokerRedeliversIt()
    {
        var frame = TestDevices.Beacon(TestDevices.ChirpStackChip, 77);
        var holding = new RecordingIngress { HoldCompletions = true };
        var gateway = await StartGatewayAsync(holding);
        var firstMetrics = gateway.Services.GetRequiredService<LoRaWanMetrics>();
        await using (var networkServer = await TestMqttClient.ConnectAsync(_broker.Port))
        {
            await networkServer.PublishAsync(ChirpStackTopic, UplinkMessages.ChirpStackV4(
                TestDevices.ChirpStackChipDevEui, frame, ("0016c001f153a14c", -60, 5, false), ("0016c001f153a14d", -70, 2, false)));
        }

        await holding.WaitForAsync(2);
        Assert.Equal(0, firstMetrics.Acknowledged);

        // The gateway stops while the pipeline still holds the uplinks; completing them afterwards must not acknowledge.
        await gateway.DisposeAsync();
        Assert.Equal(2, holding.ReleaseHeld(UplinkOutcome.Accepted));
        Assert.Equal(0, firstMetrics.Acknowledged);
        Assert.Equal(1, firstMetrics.Withheld);

        var completing = new RecordingIngress();
        await using (var restarted = await StartGatewayAsync(completing))
        {
            var redelivered = await completing.WaitForAsync(2);
            Assert.All(redelivered, u => Assert.Equal(frame, u.Payload.ToArray()));
            var metrics = restarted.Services.GetRequiredService<LoRaWanMetrics>();
            await Eventually.TrueAsync(() => metrics.Acknowledged == 1, TimeSpan.FromSeconds(30), "the redelivered message to be acknowledged");
        }

        // Acknowledged now: a third start gets nothing.
        var third = new RecordingIngress();
        await using (await StartGatewayAsync(third))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, third.Count);
    }

    private Task<GatewayHost> StartGatewayAsync(RecordingIngress ingress)
    {
        var configuration = GatewayHost.ExternalBroker(
            _broker.Port,
            $"gateway-{_run}",
            $"application/{ChirpStackApplication}/device/+/event/up",
            $"v3/{TtsApplication}@ttn/devices/+/up");
        configuration["Receivers:LoRaWan:ApplicationId"] = ChirpStackApplication;
        return GatewayHost.StartAsync(configuration, ingress, _registry, _output);
    }
}

/// <summary>Against Mosquitto 2, started by the fixture.</summary>
public sealed class MosquittoReceiverTests(MosquittoFixture broker, ITestOutputHelper output)
    : LoRaWanReceiverIntegrationTests(broker, output), IClassFixture<MosquittoFixture>;

/// <summary>Against the gateway's embedded broker, running on its own so gateways can restart against it.</summary>
public sealed class EmbeddedBrokerReceiverTests(EmbeddedBrokerFixture broker, ITestOutputHelper output)
    : LoRaWanReceiverIntegrationTests(broker, output), IClassFixture<EmbeddedBrokerFixture>;
