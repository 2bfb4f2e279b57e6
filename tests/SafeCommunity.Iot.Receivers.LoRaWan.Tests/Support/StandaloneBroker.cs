using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>The gateway's embedded broker on its own, outside a gateway host, for tests that stop and start it.</summary>
internal static class StandaloneBroker
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static LoRaWanBroker Create(IOptions<LoRaWanOptions> options) =>
        new(options, new LoRaWanMetrics(Services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<LoRaWanBroker>.Instance);
}
