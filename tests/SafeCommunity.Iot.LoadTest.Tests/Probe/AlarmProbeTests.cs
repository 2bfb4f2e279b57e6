using System.Text;
using MQTTnet;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Probe;
using SafeCommunity.Iot.LoadTest.Running;
using SafeCommunity.Iot.Simulator.Transports;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.LoadTest.Tests.Probe;

/// <summary>
/// The probe as the tool runs it with <c>--nice</c>: a process of its own against a real Mosquitto, watching alarms
/// on an MQTT topic. An SOS handed to it is published, and the alarm it answers is matched with the probe's stamps.
/// </summary>
public sealed class AlarmProbeTests : IDisposable
{
    private const string UplinkTopic = "application/app/device/0004a30b001c0530/event/up";
    private const string AlarmTopic = "safecomm/alarms";
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task AnSosHandedToTheProbe_IsPublished_AndItsAlarmMatched()
    {
        using var broker = new MosquittoProcess(Path.Combine(_folder.Path, "mosquitto"));
        await broker.StartAsync();
        using var watcher = new MqttClientFactory().CreateMqttClient();
        var uplinks = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.ApplicationMessageReceivedAsync += e =>
        {
            uplinks.TrySetResult(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await watcher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).Build());
        await watcher.SubscribeAsync(UplinkTopic);

        var target = new TargetGateway(new Uri("http://127.0.0.1:1/"), null, null, "127.0.0.1", broker.Port, null, [], AlarmTopic: AlarmTopic);
        var matcher = new AlarmMatcher();
        await using var probe = await AlarmProbe.StartAsync(target, matcher, CancellationToken.None);

        var sos = new ChirpStackMessage(UplinkTopic, Encoding.UTF8.GetBytes("""{"data":"AQI="}"""), "0004a30b001c0530", 7);
        probe.Send(570425345, sos);
        Assert.Equal(sos.Payload, await uplinks.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        // The gateway's alarm for it, as a consumer on the broker sees it.
        await watcher.PublishStringAsync(AlarmTopic, """{"kind":"sos","event":"raised","device":570425345}""");
        await Waiting.UntilAsync(() => matcher.Matched == 1, TimeSpan.FromSeconds(30), "the probe to report the alarm");
        await probe.StopAsync(CancellationToken.None);

        var result = matcher.Result();
        Assert.Equal((1, 1, 0), (result.Sent, result.Matched, result.Missing));
        Assert.Empty(result.Unexpected);
    }

    public void Dispose() => _folder.Dispose();
}
