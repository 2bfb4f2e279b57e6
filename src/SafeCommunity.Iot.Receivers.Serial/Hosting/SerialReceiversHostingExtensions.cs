using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;
using SafeCommunity.Iot.Receivers.Serial.Ports;
using SafeCommunity.Iot.Receivers.Serial.Ports.Linux;

namespace SafeCommunity.Iot.Receivers.Serial.Hosting;

/// <summary>Registers the serial receivers.</summary>
public static class SerialReceiversHostingExtensions
{
    /// <summary>
    /// Adds the serial base stations and patrol receivers (section <c>Receivers:Serial</c>) and the RAK3172 LoRa P2P
    /// modules (section <c>Receivers:LoRaP2P</c>), both validated at start, as hosted services. Needs an
    /// <c>IUplinkIngress</c> and a <c>DeviceRegistry</c> from elsewhere; adds a <see cref="ReceiverStatusBoard"/>,
    /// <see cref="TimeProvider.System"/> and the real serial ports (read as <see cref="SerialReceiverOptions.Reader"/> says)
    /// unless they are registered already, and the
    /// <see cref="SerialReceiverMetrics"/> (meter <c>SafeCommunity.Iot.Receivers.Serial</c>).
    /// </summary>
    public static IHostApplicationBuilder AddSerialReceivers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SerialReceiverOptions>()
            .Bind(builder.Configuration.GetSection(SerialReceiverOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddOptions<LoRaP2POptions>()
            .Bind(builder.Configuration.GetSection(LoRaP2POptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SerialReceiverOptions>, SerialReceiverOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoRaP2POptions>, LoRaP2POptionsValidator>());
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<SerialReceiverMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ReceiverStatusBoard>();
        builder.Services.TryAddSingleton(SerialPorts);
        builder.Services.AddHostedService<SerialReceiverService>();
        builder.Services.AddHostedService<Rak3172ReceiverService>();
        return builder;
    }

    private static ISerialStreamFactory SerialPorts(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SerialReceiverOptions>>().Value.Reader == SerialReader.EventDriven && OperatingSystem.IsLinux()
            ? new LinuxSerialStreamFactory()
            : new SerialPortStreamFactory();
}
