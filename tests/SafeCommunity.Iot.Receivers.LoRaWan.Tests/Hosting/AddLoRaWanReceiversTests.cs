using System.Globalization;
using MQTTnet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Hosting;

public sealed class AddLoRaWanReceiversTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NoExternalHost_StartsTheEmbeddedBroker_AndReceivesWhatIsPublishedIntoIt()
    {
        var port = FreePort.Next();
        var ingress = new RecordingIngress();
        await using var gateway = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["Receivers:LoRaWan:Broker:Port"] = Invariant(port) },
            ingress,
            TestDevices.CreateRegistry(),
            output);

        Assert.True(gateway.Services.GetRequiredService<LoRaWanBroker>().IsRunning);
        Assert.Equal($"mqtt:127.0.0.1:{port}", gateway.Receiver.BrokerReceiverId);
        Assert.Same(gateway.Services.GetRequiredService<PendingDownlinks>(), Assert.Single(gateway.Services.GetServices<IUplinkObserver>()));

        // A network server (or a bridge) publishes straight into the gateway, with the default topic filters.
        await using var networkServer = await TestMqttClient.ConnectAsync(port);
        var frame = TestDevices.Beacon(TestDevices.ChirpStackChip, 5);
        await networkServer.PublishAsync(
            "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up",
            UplinkMessages.ChirpStackV4(TestDevices.ChirpStackChipDevEui, frame, ("0016c001f153a14c", -40, 9, false)));
        await networkServer.PublishAsync("v3/app1@ttn/devices/dev1/up", UplinkMessages.TheThingsStack("dev1", TestDevices.TtsWristbandDevEui, TestDevices.Beacon(TestDevices.TtsWristband, 2)));

        var received = await ingress.WaitForAsync(2);
        Assert.Equal(["0016c001f153a14c", "9c5c8e00001a05c4"], received.Select(u => u.ReceiverId).Order());
    }

    [Fact]
    public async Task EmbeddedBrokerWithLogin_RefusesWrongPasswords_AndLetsTheGatewaysOwnClientIn()
    {
        var port = FreePort.Next();
        var ingress = new RecordingIngress();
        await using var gateway = await GatewayHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Receivers:LoRaWan:Broker:Port"] = Invariant(port),
                ["Receivers:LoRaWan:Broker:Username"] = "bridge",
                ["Receivers:LoRaWan:Broker:Password"] = "s3cret-for-tests",
            },
            ingress,
            TestDevices.CreateRegistry(),
            output);

        using var intruder = new MqttClientFactory().CreateMqttClient();
        var refused = await intruder.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithCredentials("bridge", "wrong")
            .Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.ResultCode);

        await using var bridge = await TestMqttClient.ConnectAsync(port, "bridge", "s3cret-for-tests");
        await bridge.PublishAsync(
            "application/x/device/0101010101010101/event/up",
            UplinkMessages.ChirpStackV4(TestDevices.ChirpStackChipDevEui, TestDevices.Beacon(TestDevices.ChirpStackChip, 9), ("0016c001f153a14c", -40, 9, false)));
        await ingress.WaitForAsync(1);
    }

    [Fact]
    public async Task BrokerGoesAway_TheReceiverReconnects_AndSubscribesAgainWhenTheSessionIsGone()
    {
        var port = FreePort.Next();
        var brokerOptions = Options.Create(new LoRaWanReceiverOptionsForBroker(port).Value);
        var broker = StandaloneBroker.Create(brokerOptions);
        await broker.StartAsync(CancellationToken.None);
        var ingress = new RecordingIngress();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.ExternalBroker(port, "reconnecting-gateway"), ingress, TestDevices.CreateRegistry(), output);
        var board = gateway.Services.GetRequiredService<ReceiverStatusBoard>();

        // The broker restarts and forgets every session (it keeps them in memory only).
        await broker.StopAsync(CancellationToken.None);
        broker.Dispose();
        await Eventually.TrueAsync(
            () => !gateway.Receiver.IsConnected && board.Find(gateway.Receiver.BrokerReceiverId)!.Link != ReceiverLink.Connected,
            TimeSpan.FromSeconds(30),
            "the receiver to notice the broker is gone");

        using var restarted = StandaloneBroker.Create(brokerOptions);
        await restarted.StartAsync(CancellationToken.None);
        try
        {
            // The receiver takes the connection a moment before the status board says so.
            await Eventually.TrueAsync(
                () => gateway.Receiver.IsConnected && board.Find(gateway.Receiver.BrokerReceiverId)!.Link == ReceiverLink.Connected,
                TimeSpan.FromSeconds(60),
                "the receiver to reconnect");
            var health = board.Find(gateway.Receiver.BrokerReceiverId)!;
            Assert.Equal(ReceiverLink.Connected, health.Link);
            Assert.Equal(1, health.Reconnects);

            await using var networkServer = await TestMqttClient.ConnectAsync(port);
            await networkServer.PublishAsync(
                "application/x/device/0101010101010101/event/up",
                UplinkMessages.ChirpStackV4(TestDevices.ChirpStackChipDevEui, TestDevices.Beacon(TestDevices.ChirpStackChip, 11), ("0016c001f153a14c", -40, 9, false)));
            await ingress.WaitForAsync(1);
        }
        finally
        {
            await gateway.StopAsync();
            await restarted.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("Receivers:LoRaWan:Broker:Enabled", "false", "no broker to connect to")]
    [InlineData("Receivers:LoRaWan:DownlinkFPort", "0", "Receivers:LoRaWan:DownlinkFPort must be 1..223")]
    [InlineData("Receivers:LoRaWan:TopicFilters:0", "$share/gateways/application/+/device/+/event/up", "embedded broker does not support")]
    [InlineData("Receivers:LoRaWan:TopicFilters:0", "application/#/device", "not an MQTT topic filter")]
    [InlineData("Receivers:LoRaWan:Broker:BindAddress", "0.0.0.0", "reachable from other machines")]
    [InlineData("Receivers:LoRaWan:UseTls", "true", "UseTls needs an external broker")]
    [InlineData("Receivers:LoRaWan:SessionExpiry", "00:00:00", "SessionExpiry must be at least 1 second")]
    [InlineData("Receivers:LoRaWan:CaCertificatePath", "/nonexistent/ca.pem", "CaCertificatePath must name an existing PEM file")]
    public async Task InvalidSettings_StopTheStart_WithAMessageNamingTheSetting(string key, string value, string expected)
    {
        var configuration = new Dictionary<string, string?> { ["Receivers:LoRaWan:Broker:Port"] = Invariant(FreePort.Next()), [key] = value };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(
            () => GatewayHost.StartAsync(configuration, new RecordingIngress(), TestDevices.CreateRegistry(), output, waitForConnection: false));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedBrokerPortTaken_FailsTheStart_WithAClearMessage()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["Receivers:LoRaWan:Broker:Port"] = Invariant(port) },
            new RecordingIngress(),
            TestDevices.CreateRegistry(),
            output,
            waitForConnection: false));

        Assert.Contains($"cannot listen on 127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_StartsNeitherBrokerNorClient()
    {
        var port = FreePort.Next();
        await using var gateway = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["Receivers:LoRaWan:Enabled"] = "false", ["Receivers:LoRaWan:Broker:Port"] = Invariant(port) },
            new RecordingIngress(),
            TestDevices.CreateRegistry(),
            output,
            waitForConnection: false);

        Assert.False(gateway.Services.GetRequiredService<LoRaWanBroker>().IsRunning);
        Assert.False(await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromMilliseconds(200)));
        var result = await gateway.Services.GetRequiredService<DownlinkSender>().SendAsync(
            TestDevices.ChirpStackChip, Protocol.Radio.DownlinkCommandCode.LocateNow, 0, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(DownlinkStatus.NotConfigured, result.Status);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class LoRaWanReceiverOptionsForBroker(int port)
    {
        public LoRaWan.Hosting.LoRaWanOptions Value { get; } = new() { Broker = new LoRaWan.Hosting.LoRaWanBrokerOptions { Enabled = true, Port = port } };
    }
}
