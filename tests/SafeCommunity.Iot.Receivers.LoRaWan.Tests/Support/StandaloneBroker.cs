using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// The gateway's embedded broker on its own, outside a gateway host, for tests that stop and start it. Its receiver
/// is never started, so no alarm takes the shortcut past the session.
/// </summary>
internal static class StandaloneBroker
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static LoRaWanBroker Create(IOptions<LoRaWanOptions> options)
    {
        var metrics = new LoRaWanMetrics(Services.GetRequiredService<IMeterFactory>());
        var shortcut = new AlarmShortcut();
        var receiver = new LoRaWanMqttReceiver(
            options, new RecordingIngress(), new DeviceRegistry(), new ReceiverStatusBoard(), metrics, TimeProvider.System, NullLogger<LoRaWanMqttReceiver>.Instance, shortcut);
        return new LoRaWanBroker(options, metrics, TimeProvider.System, NullLogger<LoRaWanBroker>.Instance, shortcut, receiver);
    }
}
