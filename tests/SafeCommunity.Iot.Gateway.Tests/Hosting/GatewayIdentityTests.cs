using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Gateway.Hosting;
using SafeCommunity.Iot.Gateway.Tests.Support;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Telemetry.Hosting;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Gateway.Tests.Hosting;

/// <summary><c>Gateway:Id</c> names the gateway on /healthz, its metrics, its telemetry tag and its MQTT session.</summary>
public sealed class GatewayIdentityTests
{
    [Fact]
    public async Task AnId_NamesTheHealthReportTheMetricsTheTelemetryTagAndTheMqttSession()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayFactory(data.Path, ("Gateway:Id", "wufu-2"));
        using var client = gateway.CreateClient();

        var (status, health) = await Healthz.WhenOkAsync(client, new Uri("/healthz", UriKind.Relative), TimeSpan.FromSeconds(30));
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"gateway\":\"wufu-2\"", health, StringComparison.Ordinal);
        Assert.Contains("service_instance_id=\"wufu-2\"", metrics, StringComparison.Ordinal);
        Assert.Equal("wufu-2", gateway.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.EffectiveGatewayId);
        Assert.Equal("safecomm-gateway-wufu-2", gateway.Services.GetRequiredService<IOptions<LoRaWanOptions>>().Value.ClientId);
    }

    [Fact]
    public async Task SettingsOfTheirOwn_WinOverTheId_AndNoId_KeepsTheSingleGatewayDefaults()
    {
        using var data = new TempDirectory();
        await using (var own = new GatewayFactory(data.Path, ("Gateway:Id", "wufu-2"), ("Receivers:LoRaWan:ClientId", "police-room-1"), ("Telemetry:GatewayId", "wufu")))
        {
            Assert.Equal("police-room-1", own.Services.GetRequiredService<IOptions<LoRaWanOptions>>().Value.ClientId);
            Assert.Equal("wufu", own.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.EffectiveGatewayId);
        }

        await using var none = new GatewayFactory(data.Path);
        Assert.Equal(LoRaWanOptions.DefaultClientId, none.Services.GetRequiredService<IOptions<LoRaWanOptions>>().Value.ClientId);
        Assert.Equal(Environment.MachineName.ToLowerInvariant(), none.Services.GetRequiredService<IOptions<GatewayIdentity>>().Value.EffectiveId);
    }

    [Theory]
    [InlineData("-wufu")]
    [InlineData("wufu 2")]
    [InlineData("五福")]
    public void ABadId_FailsValidationWithTheSettingsName(string id)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Gateway:Id", id)]).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        GatewayIdentity.Add(services);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GatewayIdentity>>().Value);
        Assert.Contains("Gateway:Id must be", failure.Message, StringComparison.Ordinal);
    }
}
