extern alias gateway;

using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Cli.Tests.Journeys;

/// <summary>
/// The real gateway (its Program) on real Kestrel sockets with the seed deployment, as in the API tests'
/// ApiGateway: free ports, a data directory of its own, the gRPC endpoint on h2c.
/// </summary>
internal sealed class RealGateway : WebApplicationFactory<gateway::Program>
{
    private readonly Dictionary<string, string?> _settings;

    public RealGateway(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        GrpcAddress = $"http://127.0.0.1:{FreePort.Next()}";
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Storage:ImportOnStart"] = SeedDevices.SeedFile,
            ["Receivers:LoRaWan:Broker:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Kestrel:Endpoints:Grpc:Url"] = GrpcAddress,
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };
        foreach (var (key, value) in TestStore.SettingsFor(dataDirectory))
        {
            _settings[key] = value;
        }

        UseKestrel();
        StartServer();
    }

    /// <summary>The gRPC endpoint, for SAFECOMM_GATEWAY.</summary>
    public string GrpcAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The file the gateway wrote its administrator token to at its first start.</summary>
    public string AdminTokenFile => Path.Combine(DataDirectory, "admin-token");

    /// <summary>Hands a frame to the pipeline as receiver <paramref name="receiverId"/> heard it now.</summary>
    public Task<UplinkOutcome> SendAsync(byte[] frame, string receiverId) =>
        CompletionSource.SendAsync(Services.GetRequiredService<IUplinkIngress>(), frame, receiverId, DateTimeOffset.UtcNow);

    /// <summary>An SOS press with a GNSS fix near Wufu's north gate, signed with the device's demo key.</summary>
    public static byte[] Sos(uint deviceId, uint counter) => SeedDevices.Sign(RadioFrame.AlarmEvent(
        deviceId, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos,
        GeoFix.FromDegrees(25.1011, 105.4691, 6, 1)));

    /// <summary>A routine position report (battery 80 %), signed with the device's demo key.</summary>
    public static byte[] Position(uint deviceId, uint counter, double latitude, double longitude) => SeedDevices.Sign(
        RadioFrame.PositionReport(deviceId, counter, DeviceStatusFlags.GnssFixValid, 80, GeoFix.FromDegrees(latitude, longitude, 5, 1)));

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
}
