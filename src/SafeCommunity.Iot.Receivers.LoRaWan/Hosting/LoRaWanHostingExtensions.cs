using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

/// <summary>Registers the LoRaWAN receivers.</summary>
public static class LoRaWanHostingExtensions
{
    /// <summary>
    /// Adds the LoRaWAN receiver (options section <c>Receivers:LoRaWan</c>, validated at start): the embedded broker
    /// (when no external <c>Host</c> is set, or <c>Broker:Enabled</c> says so), the MQTT receiver, and the
    /// <see cref="DownlinkSender"/> (the <see cref="IDownlinkSender"/>; its <see cref="PendingDownlinks"/> is an
    /// <see cref="IUplinkObserver"/> to see acknowledgements).
    /// Needs <c>IUplinkIngress</c> and <see cref="DeviceRegistry"/> from the host (<c>AddIngestion</c>, storage); adds
    /// <see cref="ReceiverStatusBoard"/> and <see cref="TimeProvider"/> when they are missing. The receiver is a
    /// <see cref="HostPhase.Source"/>: it connects once the pipeline and the broker run, and stops (acknowledging what the
    /// pipeline finished) before either of them stops, wherever it was registered.
    /// </summary>
    public static IHostApplicationBuilder AddLoRaWanReceivers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(LoRaWanMqttReceiver)))
        {
            return builder;
        }

        services.AddOptions<LoRaWanOptions>()
            .Bind(builder.Configuration.GetSection(LoRaWanOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoRaWanOptions>, LoRaWanOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReceiverStatusBoard>();
        services.TryAddSingleton<LoRaWanMetrics>();

        // The broker is a stage and the receiver a source: the broker listens before the receiver connects and goes
        // away after the receiver has disconnected.
        services.AddSingleton<AlarmShortcut>();
        services.AddSingleton<LoRaWanBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<LoRaWanBroker>());
        services.AddSingleton<LoRaWanMqttReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<LoRaWanMqttReceiver>());

        // The pipeline takes PendingDownlinks as an observer; the sender depends on the receiver, which writes to the
        // pipeline: keeping the two apart keeps the dependency graph free of cycles.
        services.AddSingleton<PendingDownlinks>();
        services.AddSingleton<IUplinkObserver>(sp => sp.GetRequiredService<PendingDownlinks>());
        services.AddSingleton(sp => new DownlinkSender(
            sp.GetRequiredService<IOptions<LoRaWanOptions>>(),
            sp.GetRequiredService<DeviceRegistry>(),
            sp.GetRequiredService<LoRaWanMqttReceiver>(),
            sp.GetRequiredService<PendingDownlinks>(),
            sp.GetRequiredService<LoRaWanMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DownlinkSender>>()));
        services.AddSingleton<IDownlinkSender>(sp => sp.GetRequiredService<DownlinkSender>());
        return builder;
    }
}
