using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// A host with just what <c>AddLoRaWanReceivers</c> needs from the gateway: a (recording) ingress and a registry.
/// Stopping it and starting another with the same client id is a gateway restart as the broker sees it.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private bool _stopped;

    private GatewayHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public LoRaWanMqttReceiver Receiver => Services.GetRequiredService<LoRaWanMqttReceiver>();

    public static async Task<GatewayHost> StartAsync(
        IDictionary<string, string?> configuration, IUplinkIngress ingress, DeviceRegistry registry, ITestOutputHelper? output, bool waitForConnection = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            if (output is not null)
            {
                logging.AddProvider(new XunitLoggerProvider(output));
            }
        });
        builder.Services.AddSingleton(ingress);
        builder.Services.AddSingleton(registry);
        builder.AddLoRaWanReceivers();

        var gateway = new GatewayHost(builder.Build());
        try
        {
            await gateway.Host.StartAsync();
        }
        catch
        {
            // A host that did not start cannot be stopped, only disposed.
            gateway.Host.Dispose();
            throw;
        }

        try
        {
            if (waitForConnection)
            {
                await Eventually.TrueAsync(() => gateway.Receiver.IsConnected, TimeSpan.FromSeconds(30), "the gateway to connect and subscribe");
            }

            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Configuration for a gateway that connects to an external broker on loopback.</summary>
    public static Dictionary<string, string?> ExternalBroker(int port, string clientId, params string[] topicFilters)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Receivers:LoRaWan:Host"] = "127.0.0.1",
            ["Receivers:LoRaWan:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Receivers:LoRaWan:ClientId"] = clientId,
            ["Receivers:LoRaWan:ReconnectMinDelay"] = "00:00:00.200",
            ["Receivers:LoRaWan:ReconnectMaxDelay"] = "00:00:01",
            ["Receivers:LoRaWan:ShutdownDrainTimeout"] = "00:00:00.300",
        };
        for (var i = 0; i < topicFilters.Length; i++)
        {
            configuration[$"Receivers:LoRaWan:TopicFilters:{i}"] = topicFilters[i];
        }

        return configuration;
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
    }
}
