using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Pipeline;

namespace SafeCommunity.Iot.Ingestion.Hosting;

/// <summary>Registers the uplink pipeline.</summary>
public static class IngestionHostingExtensions
{
    /// <summary>
    /// Adds the pipeline (as a hosted service and as the <see cref="IUplinkIngress"/> every receiver writes to),
    /// its options (section <c>Ingestion</c>, validated at start), metrics and receiver statistics. Needs the
    /// storage services (<c>DeviceRegistry</c>, <c>IDeviceStateStore</c>).
    /// </summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestionOptions>()
            .Bind(builder.Configuration.GetSection(IngestionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<ReceiverStatistics>();
        builder.Services.AddSingleton<UplinkPipeline>();
        builder.Services.AddSingleton<IUplinkIngress>(sp => sp.GetRequiredService<UplinkPipeline>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UplinkPipeline>());
        return builder;
    }
}
