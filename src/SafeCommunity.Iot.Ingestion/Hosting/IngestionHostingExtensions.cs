using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Pipeline;

namespace SafeCommunity.Iot.Ingestion.Hosting;

/// <summary>Registers the uplink pipeline.</summary>
public static class IngestionHostingExtensions
{
    /// <summary>
    /// Adds the pipeline (as a hosted service, as the <see cref="IUplinkIngress"/> every receiver writes to, as the
    /// <see cref="IAlarmCommands"/> the API acknowledges and resolves through and as the <see cref="IUplinkPipelineStatus"/>),
    /// its options (sections <c>Ingestion</c> and <c>Alarms</c>, validated at start), the alarm hub that live
    /// subscribers attach to, metrics and receiver statistics. Needs the storage services (<c>DeviceRegistry</c>,
    /// <c>IDeviceStateStore</c>, <c>IAlarmStore</c>).
    /// </summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestionOptions>()
            .Bind(builder.Configuration.GetSection(IngestionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<AlarmRuleOptions>()
            .Bind(builder.Configuration.GetSection(AlarmRuleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<ReceiverStatusBoard>();
        builder.Services.AddSingleton<AlarmHub>();
        builder.Services.TryAddSingleton(_ => new GeofenceIndex());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<ReceiverStatistics>();
        builder.Services.AddSingleton<UplinkPipeline>();
        builder.Services.AddSingleton<IUplinkIngress>(sp => sp.GetRequiredService<UplinkPipeline>());
        builder.Services.AddSingleton<IAlarmCommands>(sp => sp.GetRequiredService<UplinkPipeline>());
        builder.Services.AddSingleton<IUplinkPipelineStatus>(sp => sp.GetRequiredService<UplinkPipeline>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UplinkPipeline>());
        return builder;
    }
}
