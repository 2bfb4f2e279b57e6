using System.Security.Cryptography;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using GatewayProcess = SafeCommunity.Iot.TestSupport.GatewayProcess;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Hosting;

/// <summary>
/// The real gateway process with telemetry to a real InfluxDB 1.6 (1.x mode), fed real signed frames through its
/// embedded MQTT broker as a ChirpStack network server publishes them; InfluxDB stopped for a while, the gateway
/// killed with SIGKILL twice (during the outage, and while it drains the backlog) and restarted. Every uplink point
/// arrives, none twice (InfluxDB keeps one point per series and timestamp, and points keep their original timestamps).
/// </summary>
public sealed class GatewayKillTests : IAsyncLifetime, IDisposable
{
    private const uint DeviceId = 0x11000001;
    private const string DevEui = "70b3d57e11000001";
    private const string LoRaWanGateway = "ac1f09fffe000001";
    private const int FramesPerPhase = 120;

    private readonly InfluxDb1Server _influx = new();
    private readonly TempDirectory _work = new();
    private uint _counter;

    public Task InitializeAsync() => _influx.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _influx.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task Gateway_KilledDuringAnOutageAndWhileDraining_EveryUplinkPointArrivesOnce()
    {
        using (var gateway = await StartGatewayAsync())
        {
            await PublishAsync(gateway, FramesPerPhase);
            await Waiting.UntilAsync(async () => await UplinkPointsAsync() == FramesPerPhase, TimeSpan.FromSeconds(60), "the first points in InfluxDB");

            // InfluxDB goes away; the gateway keeps taking frames into its spool; then it is killed.
            await _influx.StopAsync();
            await PublishAsync(gateway, FramesPerPhase);
            await WaitUntilSpooledAsync(gateway, FramesPerPhase * 2);
            var telemetry = await gateway.TelemetryAsync();
            Assert.True(telemetry["pending"] > 0, "the outage's points wait in the spool");
            gateway.Kill();
        }

        using (var gateway = await StartGatewayAsync())
        {
            await PublishAsync(gateway, FramesPerPhase);
            await WaitUntilSpooledAsync(gateway, FramesPerPhase);

            // InfluxDB is back; the gateway is killed again as soon as it has sent something of the backlog.
            await _influx.StartAsync();
            await Waiting.UntilAsync(async () => (await gateway.TelemetryAsync())["sent"] > 0, TimeSpan.FromSeconds(60), "the backlog to start draining");
            gateway.Kill();
        }

        using (var gateway = await StartGatewayAsync())
        {
            // Every point in InfluxDB first: until the spool is open, the health data says 0 pending.
            await Waiting.UntilAsync(async () => await UplinkPointsAsync() >= FramesPerPhase * 3, TimeSpan.FromSeconds(60), "the backlog in InfluxDB", () => gateway.Log);
            await Waiting.UntilAsync(async () => (await gateway.TelemetryAsync())["pending"] == 0, TimeSpan.FromSeconds(60), "the spool to drain", () => gateway.Log);
            var telemetry = await gateway.TelemetryAsync();
            Assert.Equal(0, telemetry["droppedAtCap"]);
            Assert.Equal(0, telemetry["droppedQueueFull"]);
        }

        Assert.Equal(FramesPerPhase * 3, await UplinkPointsAsync());
        Assert.Equal(FramesPerPhase * 3, await _influx.ScalarAsync("SELECT count(distinct(\"counter\")) FROM \"uplink\""));
        Assert.Equal(1, await _influx.ScalarAsync("SELECT min(\"counter\") FROM \"uplink\""));
        Assert.Equal(FramesPerPhase * 3, await _influx.ScalarAsync("SELECT max(\"counter\") FROM \"uplink\""));
        Assert.Equal(FramesPerPhase * 3, await _influx.ScalarAsync("SELECT count(\"rssi\") FROM \"reception\""));
    }

    private Task<long> UplinkPointsAsync() => _influx.ScalarAsync("SELECT count(\"counter\") FROM \"uplink\"");

    private async Task<GatewayProcess> StartGatewayAsync()
    {
        var brokerPort = FreePort.Next();
        string[] settings =
        [
            $"--Storage:DataDirectory={Path.Combine(_work.Path, "data")}",
            $"--Storage:ImportOnStart={Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json")}",
            $"--Receivers:LoRaWan:Broker:Port={brokerPort}",
            $"--Telemetry:Url={_influx.Url}",
            "--Telemetry:Api=V1",
            $"--Telemetry:Database={_influx.Database}",
            "--Telemetry:BatchSize=40",
            "--Telemetry:FlushInterval=00:00:00.050",
            "--Telemetry:RetryMinDelay=00:00:00.100",
            "--Telemetry:RetryMaxDelay=00:00:00.500",
            "--Telemetry:RequestTimeout=00:00:05",
            "--Telemetry:HealthInterval=01:00:00",
            "--Alarms:TickInterval=01:00:00",
        ];
        return await GatewayProcess.StartReadyAsync(_work.Path, settings, brokerPort);
    }

    /// <summary>Publishes <paramref name="frames"/> beacons (the next counters) as ChirpStack v4 uplink events, QoS 1.</summary>
    private async Task PublishAsync(GatewayProcess gateway, int frames)
    {
        var brokerPort = gateway.BrokerPort;
        var acceptedBefore = await gateway.MetricAsync("safecomm_uplinks_processed", "outcome=\"accepted\"");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId($"test-ns-{Guid.NewGuid():N}").Build());
        var key = SHA256.HashData(Encoding.ASCII.GetBytes($"safecommunity-demo-key:{DeviceId}"))[..16];
        using var cmac = new AesCmac(key);
        for (var i = 0; i < frames; i++)
        {
            var frame = RadioFrameWriter.ToArray(RadioFrame.Beacon(DeviceId, ++_counter, DeviceStatusFlags.Armed, 80), cmac);
            var json = $$"""
                {"deduplicationId":"{{Guid.NewGuid()}}","time":"{{DateTime.UtcNow:O}}",
                 "deviceInfo":{"tenantId":"t","applicationId":"app1","deviceName":"chip","devEui":"{{DevEui}}"},
                 "fCnt":{{_counter}},"fPort":10,"data":"{{Convert.ToBase64String(frame)}}",
                 "rxInfo":[{"gatewayId":"{{LoRaWanGateway}}","rssi":-90,"snr":6.5}]}
                """;
            await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"application/app1/device/{DevEui}/event/up")
                .WithPayload(json)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
        }

        await Waiting.UntilAsync(
            async () => await gateway.MetricAsync("safecomm_uplinks_processed", "outcome=\"accepted\"") >= acceptedBefore + frames,
            TimeSpan.FromSeconds(60), $"the gateway to accept {frames} frames", () => gateway.Log);
        await client.DisconnectAsync();
    }

    /// <summary>Waits until the gateway has spooled the points of <paramref name="uplinks"/> uplinks since it started and its queue is empty.</summary>
    private static async Task WaitUntilSpooledAsync(GatewayProcess gateway, int uplinks)
    {
        long last = -1;
        await Waiting.UntilAsync(
            async () =>
            {
                var telemetry = await gateway.TelemetryAsync();
                var settled = telemetry["queued"] == 0 && telemetry["spooled"] >= uplinks * 4L && telemetry["spooled"] == last;
                last = telemetry["spooled"];
                await Task.Delay(200);
                return settled;
            },
            TimeSpan.FromSeconds(60), "the points to be spooled", () => gateway.Log);
    }
}
