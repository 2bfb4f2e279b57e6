using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Notifications.Delivery;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;

namespace SafeCommunity.Iot.Gateway.Hosting;

/// <summary>What every gateway has whatever it runs: health checks, metrics and the endpoints that show them.</summary>
internal static class GatewayDefaults
{
    /// <summary>The health endpoint.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>The Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddGatewayDefaults(this IHostApplicationBuilder builder)
    {
        GatewayIdentity.Add(builder.Services);
        builder.Services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<PipelineHealthCheck>("pipeline");

        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry.ConfigureResource(resource => resource
            .AddService("safecomm-gateway", autoGenerateServiceInstanceId: false)
            .AddDetector(services => new GatewayResourceDetector(services.GetRequiredService<IOptions<GatewayIdentity>>().Value.EffectiveId)));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(IngestionMetrics.MeterName, LoRaWanMetrics.MeterName, SerialReceiverMetrics.MeterName, OutboxDispatcher.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter();

            // OTLP only when an operator points the gateway at a collector (standard OTEL_* variables).
            if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                metrics.AddOtlpExporter();
            }
        });
        return builder;
    }

    public static WebApplication MapGatewayDefaults(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
