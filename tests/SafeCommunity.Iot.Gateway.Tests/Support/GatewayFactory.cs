using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Gateway.Tests.Support;

/// <summary>The real gateway (its Program) in process, on a data directory the test owns.</summary>
internal sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public GatewayFactory(string dataDirectory, params (string Key, string? Value)[] settings)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = dataDirectory,

            // Tests run in parallel: each gateway's embedded MQTT broker gets a port of its own.
            ["Receivers:LoRaWan:Broker:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in TestStore.SettingsFor(dataDirectory).Concat(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))))
        {
            _settings[key] = value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
}
