using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>Registers telemetry.</summary>
public static class TelemetryHostingExtensions
{
    /// <summary>
    /// Adds telemetry (options section <c>Telemetry</c>, validated at start): the queue, the uplink observer (an
    /// <see cref="IUplinkObserver"/>), the spool writer (the first hosted service: it starts first and stops last), the
    /// sender, the alarm feed, the health sampler, the <c>telemetry</c> health check and the meter. The spool lives in
    /// <c>telemetry</c> under <c>Storage:DataDirectory</c> unless <c>Telemetry:SpoolDirectory</c> says otherwise. Call it
    /// after <c>AddIngestion</c> (it needs the alarm hub and store); with <c>Telemetry:Enabled</c> false it only
    /// registers the options.
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
            var dataDirectory = sp.GetService<IOptions<StorageOptions>>()?.Value.DataDirectory ?? new StorageOptions().DataDirectory;
            return new SpoolHost(options.ResolveSpoolDirectory(dataDirectory, contentRootPath));
        });
        services.AddSingleton(sp => new PointFormatter(
            sp.GetRequiredService<IOptions<TelemetryOptions>>().Value.EffectiveGatewayId, sp.GetService<DeviceRegistry>()));
        services.AddSingleton<TelemetryUplinkObserver>();
        services.AddSingleton<IUplinkObserver>(sp => sp.GetRequiredService<TelemetryUplinkObserver>());

        services.AddSingleton<TelemetrySenderService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetrySenderService>());
        services.AddHostedService<AlarmTelemetryService>();
        services.AddHostedService<HealthTelemetryService>();
        services.AddHealthChecks().AddCheck<TelemetryHealthCheck>("telemetry");
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TelemetryMetrics.MeterName));

        // The spool writer goes before every other hosted service: hosts stop in reverse order, so it stops after
        // the pipeline has drained, and the points of the last uplinks stored still reach the spool.
        var spoolWriter = ServiceDescriptor.Singleton<IHostedService, TelemetrySpoolService>();
        var firstHosted = services.TakeWhile(s => s.ServiceType != typeof(IHostedService)).Count();
        services.Insert(firstHosted, spoolWriter);
        return builder;
    }
}
