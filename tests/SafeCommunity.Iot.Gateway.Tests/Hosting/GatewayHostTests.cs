using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Gateway.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Gateway.Tests.Hosting;

/// <summary>The real gateway host with the real SQLite store, restarted on the same data directory.</summary>
public sealed class GatewayHostTests
{
    // The real gateway's clock drives time-based rules, so the frames are heard "now".
    private static readonly DateTimeOffset Morning = DateTimeOffset.UtcNow;

    [Fact]
    public async Task FreshDataDirectory_StartsEmptyAndHealthy()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayFactory(data.Path);
        using var client = gateway.CreateClient();

        var (status, body) = await Healthz.WhenOkAsync(client, new Uri("/healthz", UriKind.Relative), TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        // The store is where the settings put it: a file in the data directory, or PostgreSQL and no file at all.
        Assert.Equal(!TestStore.IsPostgreSql, File.Exists(Path.Combine(data.Path, "gateway.db")));
        Assert.Contains(TestStore.IsPostgreSql ? "PostgreSql" : "Sqlite", body, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Services.GetRequiredService<DeviceRegistry>().DeviceCount);
    }

    [Fact]
    public async Task Restart_KeepsRegistryCountersAndLastPositions()
    {
        using var data = new TempDirectory();
        var report = SeedDevices.Sign(RadioFrame.PositionReport(
            SeedDevices.Wristband, 41, DeviceStatusFlags.GnssFixValid, 77, GeoFix.FromDegrees(25.10105, 105.46912, 5, 1)));

        await using (var first = new GatewayFactory(data.Path, ("Storage:ImportOnStart", SeedDevices.SeedFile)))
        {
            using var client = first.CreateClient(); // starts the host
            var ingress = first.Services.GetRequiredService<IUplinkIngress>();
            Assert.Equal(UplinkOutcome.Accepted, await CompletionSource.SendAsync(ingress, report, "wufu-gate-north", Morning));
        }

        await using var second = new GatewayFactory(data.Path);
        using var secondClient = second.CreateClient();
        var registry = second.Services.GetRequiredService<DeviceRegistry>();
        var store = second.Services.GetRequiredService<IDeviceStateStore>();
        var ingressAfter = second.Services.GetRequiredService<IUplinkIngress>();

        Assert.Equal(140, registry.DeviceCount);
        var state = store.Find(SeedDevices.Wristband);
        Assert.NotNull(state);
        Assert.Equal(41u, state.LastCounter);
        Assert.Equal(77, state.Battery);
        Assert.Equal(LocationSource.Gnss, state.LastLocation!.Value.Source);
        Assert.Equal(25.10105, state.LastLocation.Value.Point.Latitude, 6);
        Assert.Single(store.GetTrail(SeedDevices.Wristband, Morning.AddHours(-1), Morning.AddHours(1), 10));

        // The same frame again after the restart is a replay; the device's next frame is accepted.
        Assert.Equal(UplinkOutcome.Replay, await CompletionSource.SendAsync(ingressAfter, report, "wufu-gate-north", Morning.AddMinutes(5)));
        var next = SeedDevices.Sign(RadioFrame.Beacon(SeedDevices.Wristband, 42, DeviceStatusFlags.None, 76));
        Assert.Equal(UplinkOutcome.Accepted, await CompletionSource.SendAsync(ingressAfter, next, "wufu-gate-north", Morning.AddMinutes(6)));
        Assert.Equal(42u, store.Find(SeedDevices.Wristband)!.LastCounter);
    }

    [Fact]
    public async Task Metrics_CountUplinksByOutcome()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayFactory(data.Path, ("Storage:ImportOnStart", SeedDevices.SeedFile));
        using var client = gateway.CreateClient();
        var ingress = gateway.Services.GetRequiredService<IUplinkIngress>();
        var beacon = SeedDevices.Sign(RadioFrame.Beacon(SeedDevices.WufuChip, 7, DeviceStatusFlags.Armed, 90));
        var forged = (byte[])beacon.Clone();
        forged[^1] ^= 0xFF;

        await CompletionSource.SendAsync(ingress, beacon, "wufu-gate-north", Morning);
        await CompletionSource.SendAsync(ingress, forged, "wufu-gate-north", Morning.AddSeconds(1));

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("safecomm_uplinks_processed", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"bad_mic\"", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"accepted\"", metrics, StringComparison.Ordinal);
    }
}
