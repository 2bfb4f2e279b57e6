using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Pipeline;

namespace SafeCommunity.Iot.Gateway.Hosting;

/// <summary>Degraded when the pipeline's queues are more than half full: receivers are about to be slowed down.</summary>
internal sealed class PipelineHealthCheck : IHealthCheck
{
    private readonly UplinkPipeline _pipeline;
    private readonly IngestionOptions _options;

    public PipelineHealthCheck(UplinkPipeline pipeline, IOptions<IngestionOptions> options)
    {
        _pipeline = pipeline;
        _options = options.Value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = _pipeline.Pending;
        var data = new Dictionary<string, object> { ["pending"] = pending, ["running"] = _pipeline.IsRunning };
        var result = !_pipeline.IsRunning
            ? HealthCheckResult.Unhealthy("The uplink pipeline is not running.", data: data)
            : pending > _options.IngressCapacity / 2
                ? HealthCheckResult.Degraded($"{pending} uplinks are queued.", data: data)
                : HealthCheckResult.Healthy($"{pending} uplinks queued.", data: data);
        return Task.FromResult(result);
    }
}
