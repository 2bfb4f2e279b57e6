using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Sending;
using SafeCommunity.Iot.Telemetry.Tests.Support;
using SafeCommunity.Iot.Telemetry.Writers;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Writers;

/// <summary>
/// The v2 write path through InfluxDB.Client against a real server that takes <c>/api/v2/write</c>
/// (VictoriaMetrics), checked through its export API. VictoriaMetrics keeps duplicates, so "once" is really once.
/// </summary>
public sealed class InfluxV2IntegrationTests : IAsyncLifetime, IDisposable
{
    private readonly VictoriaMetricsServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _server.Dispose();

    private InfluxV2Writer Writer() => new(_server.Url.ToString(), "safecomm", "telemetry", "test-token", TimeSpan.FromSeconds(60), gzip: true);

    private async Task<List<double>> CountersAsync() =>
        [.. (await _server.ExportAsync("uplink_counter")).Select(s => s.Value).Order()];

    [Fact]
    public async Task Spool_WithTheV2Writer_StoresEveryPointOnce()
    {
        await using var rig = new SpoolRig(Writer());
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 1; i <= 200; i++)
        {
            rig.Append(TelemetryItem.For(TestUplinks.PositionReport((uint)i, start.AddMilliseconds(i * 100))));
        }

        rig.StartSending();

        await Waiting.UntilAsync(() => rig.Spool.PendingPoints == 0, TimeSpan.FromSeconds(30), "the spool to drain");
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (double)i), await CountersAsync());
        var positions = await _server.ExportAsync("position_lat");
        Assert.Equal(200, positions.Count);
        Assert.All(positions, p => Assert.Equal("test-gateway", p.Labels["gateway"]));
        Assert.All(positions, p => Assert.Equal("285212673", p.Labels["device"]));
    }

    [Fact]
    public async Task Outage_ServerStoppedAndStartedWhilePointsFlow_EveryPointArrivesNoneTwice()
    {
        await using var rig = new SpoolRig(Writer(), new SenderSettings(200, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400)));
        rig.StartSending();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var counter = 0u;

        async Task ProduceAsync(int rounds)
        {
            for (var r = 0; r < rounds; r++)
            {
                var items = Enumerable.Range(0, 10).Select(_ => ++counter)
                    .Select(c => TelemetryItem.For(TestUplinks.PositionReport(c, start.AddMilliseconds(c * 10)))).ToArray();
                rig.Append(items);
                await Task.Delay(10);
            }
        }

        await ProduceAsync(40);
        await Waiting.UntilAsync(() => rig.Metrics.Sent > 0, TimeSpan.FromSeconds(20), "the first points to arrive");

        await _server.StopAsync();
        await ProduceAsync(80);
        await Waiting.UntilAsync(() => rig.Metrics.SendFailures > 0, TimeSpan.FromSeconds(20), "the sender to notice the outage");
        Assert.True(rig.Spool.PendingPoints > 0, "points wait in the spool during the outage");

        await _server.StartAsync();
        await ProduceAsync(40);
        await Waiting.UntilAsync(() => rig.Spool.PendingPoints == 0, TimeSpan.FromSeconds(60), "the spool to drain after the outage");

        Assert.Equal(1600u, counter);
        Assert.Equal(Enumerable.Range(1, 1600).Select(i => (double)i), await CountersAsync());
        Assert.True(rig.Logger.Contains("work again after"));
    }
}
