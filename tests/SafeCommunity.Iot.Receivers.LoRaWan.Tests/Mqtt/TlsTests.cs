using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

/// <summary>TLS to a Mosquitto whose certificate a private CA signed.</summary>
public sealed class TlsTests(MosquittoTlsFixture broker, ITestOutputHelper output) : IClassFixture<MosquittoTlsFixture>
{
    [Fact]
    public async Task PrivateCa_Configured_Connects()
    {
        var configuration = Tls($"tls-ca-{Guid.NewGuid():N}");
        configuration["Receivers:LoRaWan:CaCertificatePath"] = broker.CaCertificatePath;

        await using var gateway = await GatewayHost.StartAsync(configuration, new RecordingIngress(), TestDevices.CreateRegistry(), output);

        Assert.True(gateway.Receiver.IsConnected);
    }

    [Fact]
    public async Task UntrustedCertificate_WithoutTheCa_IsRefused()
    {
        await using var gateway = await GatewayHost.StartAsync(
            Tls($"tls-none-{Guid.NewGuid():N}"), new RecordingIngress(), TestDevices.CreateRegistry(), output, waitForConnection: false);
        var board = gateway.Services.GetRequiredService<ReceiverStatusBoard>();

        await Eventually.TrueAsync(
            () => board.Find(gateway.Receiver.BrokerReceiverId) is { Link: ReceiverLink.Disconnected, Detail: { } detail } && detail.StartsWith("connecting failed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the TLS handshake to be refused");
        Assert.False(gateway.Receiver.IsConnected);
    }

    [Fact]
    public async Task UntrustedCertificate_AllowedExplicitly_Connects()
    {
        var configuration = Tls($"tls-any-{Guid.NewGuid():N}");
        configuration["Receivers:LoRaWan:AllowUntrustedCertificates"] = "true";

        await using var gateway = await GatewayHost.StartAsync(configuration, new RecordingIngress(), TestDevices.CreateRegistry(), output);

        Assert.True(gateway.Receiver.IsConnected);
    }

    private Dictionary<string, string?> Tls(string clientId)
    {
        var configuration = GatewayHost.ExternalBroker(broker.Port, clientId);
        configuration["Receivers:LoRaWan:UseTls"] = "true";
        configuration["Receivers:LoRaWan:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture);
        return configuration;
    }
}
