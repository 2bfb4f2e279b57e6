using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>Registers telemetry.</summary>
public static class TelemetryHostingExtensions
{
    /// <summary>
    /// Adds telemetry (options section <c>Telemetry</c>, validated at start): the queue, the uplink observer (an
    /// <see cref="IUplinkObserver"/>), the spool writer (a sink: it starts before and stops after every other service), the
    /// sender, the alarm feed, the health sampler, the <c>telemetry</c> health check and the meter. The spool lives in
    /// <c>telemetry</c> in the gateway's <see cref="DataDirectory"/> unless <c>Telemetry:SpoolDirectory</c> says otherwise.
    /// Needs the store (the registry, the alarm store, the data directory) and the ingestion (the alarm hub, the
    /// pipeline's status, the receiver statistics); call it after <c>AddIngestion</c>. With <c>Telemetry:Enabled</c>
    /// false it only registers the options.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(TelemetryQueue)))
        {
            return builder;
        }

        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        if (!section.GetValue(nameof(TelemetryOptions.Enabled), true))
        {
            return builder;
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelemetryMetrics>();
        services.AddSingleton<TelemetryQueue>();
        var contentRootPath = builder.Environment.ContentRootPath;
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelemetryOptions>>().Value;
            return new SpoolHost(options.ResolveSpoolDirectory(sp.GetRequiredService<DataDirectory>().Path, contentRootPath));
        });
        services.AddSingleton(sp => new PointFormatter(
            sp.GetRequiredService<IOptions<TelemetryOptions>>().Value.EffectiveGatewayId, sp.GetRequiredService<DeviceRegistry>()));
        services.AddSingleton<TelemetryUplinkObserver>();
        services.AddSingleton<IUplinkObserver>(sp => sp.GetRequiredService<TelemetryUplinkObserver>());

        services.AddSingleton<TelemetrySenderService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetrySenderService>());
        services.AddHostedService<AlarmTelemetryService>();
        services.AddHostedService<HealthTelemetryService>();
        services.AddHealthChecks().AddCheck<TelemetryHealthCheck>("telemetry");
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TelemetryMetrics.MeterName));

        // A sink (HostPhase.Sink): it stops after the pipeline has drained, so the points of the last uplinks stored
        // still reach the spool.
        services.AddHostedService<TelemetrySpoolService>();
        return builder;
    }
}
