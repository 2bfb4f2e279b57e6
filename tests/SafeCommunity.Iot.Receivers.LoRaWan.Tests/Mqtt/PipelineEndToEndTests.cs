using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

/// <summary>
/// The receiver with the real uplink pipeline and the embedded broker, as the gateway wires them: a downlink goes out,
/// the device's signed acknowledgement comes back as a LoRaWAN uplink, the pipeline verifies and stores it, and the
/// command completes; the uplink's message is acknowledged once stored.
/// </summary>
public sealed class PipelineEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Command_AcknowledgedByTheDeviceOverLoRaWan_CompletesThroughThePipeline()
    {
        var port = FreePort.Next();
        var store = new InMemoryStore();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Receivers:LoRaWan:Broker:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Receivers:LoRaWan:ApplicationId"] = "17c82e96-be03-4f38-aef3-f83d48582d97",
            ["Ingestion:Shards"] = "2",
        });
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new XunitLoggerProvider(output)));
        builder.Services.AddSingleton(TestDevices.CreateRegistry());
        builder.Services.AddSingleton<IDeviceStateStore>(store);
        builder.Services.AddSingleton<IStateAndAlarmWriter>(store);
        builder.Services.AddSingleton<IAlarmStore>(store);
        builder.Services.AddSingleton<IAlarmEventSignal>(store);
        builder.AddIngestion();
        builder.AddLoRaWanReceivers();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var receiver = host.Services.GetRequiredService<LoRaWanMqttReceiver>();
            await Eventually.TrueAsync(() => receiver.IsConnected, TimeSpan.FromSeconds(30), "the receiver to connect to the embedded broker");
            await using var networkServer = await TestMqttClient.ConnectAsync(port);
            await networkServer.SubscribeAsync("application/+/device/+/command/down");

            var sending = host.Services.GetRequiredService<DownlinkSender>()
                .SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromSeconds(20), CancellationToken.None);
            var downlink = await networkServer.WaitForMessageAsync();
            using var body = JsonDocument.Parse(downlink.Payload);
            RadioFrameReader.Read(Convert.FromBase64String(body.RootElement.GetProperty("data").GetString()!), out var command);

            // The device carries the command out and answers with its next uplink counter.
            var ack = TestDevices.Sign(RadioFrame.CommandAck(
                TestDevices.ChirpStackChip, 501, DeviceStatusFlags.Armed, 90, command.Counter, DownlinkCommandCode.Arm, CommandResult.Done));
            await networkServer.PublishAsync(
                "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up",
                UplinkMessages.ChirpStackV4(TestDevices.ChirpStackChipDevEui, ack, ("0016c001f153a14c", -40, 9, true), ("0016c001f153a14d", -70, 1, false)));

            var result = await sending.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(DownlinkStatus.Acknowledged, result.Status);
            Assert.Equal(CommandResult.Done, result.CommandResult);
            Assert.Equal(501u, store.Find(TestDevices.ChirpStackChip)!.LastCounter);

            var metrics = host.Services.GetRequiredService<LoRaWanMetrics>();
            await Eventually.TrueAsync(() => metrics.Acknowledged == 1, TimeSpan.FromSeconds(30), "the uplink message to be acknowledged after it was stored");

            // Counted by the message handler once the pipeline took the uplink, which may be after the acknowledgement.
            await Eventually.TrueAsync(() => metrics.Receptions == 2, TimeSpan.FromSeconds(30), "both receptions counted");
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
