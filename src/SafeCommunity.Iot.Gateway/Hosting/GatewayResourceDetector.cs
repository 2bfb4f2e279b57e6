using OpenTelemetry.Resources;

namespace SafeCommunity.Iot.Gateway.Hosting;

/// <summary>Puts the gateway's id on its metrics as the resource's <c>service.instance.id</c>.</summary>
internal sealed class GatewayResourceDetector(string gatewayId) : IResourceDetector
{
    public Resource Detect() => new([new KeyValuePair<string, object>("service.instance.id", gatewayId)]);
}
