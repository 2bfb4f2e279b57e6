using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.Tests.Support;
using SafeCommunity.Iot.History.Trails;
using SafeCommunity.Iot.Telemetry.Hosting;
using SafeCommunity.Iot.TestSupport;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace SafeCommunity.Iot.History.Tests.Trails;

/// <summary>
/// Long trails on a real InfluxDB 1.6 (Debian's influxd) and the real embedded store: the telemetry writer's own
/// points for the older part, the store's trail for the recent part.
/// </summary>
public sealed class TrailHistoryInfluxTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);

    private readonly InfluxDb1Server _influx = new();
    private readonly HistoryRig _rig = new();

    public Task InitializeAsync() => _influx.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _influx.Dispose();
        _rig.Dispose();
    }

    [Fact]
    public async Task ReadAsync_ThirtyDaysSeededInInfluxAndTheRecentStore_MergesThemWithoutDuplicatesOrGaps()
    {
        var now = _rig.Clock.GetUtcNow();
        var from = now - TimeSpan.FromDays(30);
        var slots = Slots(from, now);
        // InfluxDB got every located frame of the 30 days (as the gateway writes them); the store holds the last 7 days
        // and, not yet pruned, one more day before them: the overlap must not come back twice.
        await _rig.WriteTelemetryAsync(_influx, slots, receiverId: "wufu-gate-south");
        _rig.StoreTrail(slots.Where(t => t >= now - HistoryRig.Retention - TimeSpan.FromDays(1)));
        using var archive = Archive(InfluxApi.V1);

        var trail = await _rig.Trails(archive).ReadAsync(Fleet.Bike.Id, from, now, TrailPeriod.MaxPoints, CancellationToken.None);

        Assert.Empty(trail.Warnings);
        Assert.False(trail.Truncated);
        Assert.Equal(slots, trail.Points.Select(p => p.Location.At));
        var cut = now - HistoryRig.Retention;
        Assert.Equal(cut, trail.RecentSince);
        Assert.All(trail.Points.Where(p => p.Location.At < cut), p => Assert.Equal(TrailOrigin.InfluxDb, p.Origin));
        Assert.All(trail.Points.Where(p => p.Location.At >= cut), p => Assert.Equal(TrailOrigin.EmbeddedStore, p.Origin));
        Assert.Equal(7 * 48 + 1, trail.Points.Count(p => p.Origin == TrailOrigin.EmbeddedStore));

        // The older points are what the telemetry writer stored: position, accuracy, source and the receiver.
        var old = trail.Points[0];
        var expected = HistoryRig.Fix(from);
        Assert.Equal(expected.Point.Latitude, old.Location.Point.Latitude, 7);
        Assert.Equal(expected.Point.Longitude, old.Location.Point.Longitude, 7);
        Assert.Equal(8, old.Location.AccuracyMetres);
        Assert.Equal(LocationSource.Gnss, old.Location.Source);
        Assert.Equal("wufu-gate-south", old.ReceiverId);
        Assert.Equal("wufu-gate-north", trail.Points[^1].ReceiverId);
    }

    [Fact]
    public async Task ReadAsync_InfluxStopped_AnswersTheRecentPartWithAWarning()
    {
        var now = _rig.Clock.GetUtcNow();
        var from = now - TimeSpan.FromDays(30);
        var slots = Slots(from, now);
        await _rig.WriteTelemetryAsync(_influx, slots);
        _rig.StoreTrail(slots.Where(t => t >= now - HistoryRig.Retention));
        using var archive = Archive(InfluxApi.V1);
        await _influx.StopAsync();

        var trail = await _rig.Trails(archive).ReadAsync(Fleet.Bike.Id, from, now, TrailPeriod.MaxPoints, CancellationToken.None);

        Assert.Equal(slots.Where(t => t >= now - HistoryRig.Retention), trail.Points.Select(p => p.Location.At));
        Assert.All(trail.Points, p => Assert.Equal(TrailOrigin.EmbeddedStore, p.Origin));
        var warning = Assert.Single(trail.Warnings);
        Assert.Contains("is missing", warning, StringComparison.Ordinal);
        Assert.Contains("unreachable", warning, StringComparison.Ordinal);
        Assert.Contains(_influx.Url.GetLeftPart(UriPartial.Authority), warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_PeriodWithinTheStore_NeverAsksInflux()
    {
        var now = _rig.Clock.GetUtcNow();
        var slots = Slots(now - TimeSpan.FromDays(2), now);
        _rig.StoreTrail(slots);
        using var archive = Archive(InfluxApi.V1);
        await _influx.StopAsync();

        var trail = await _rig.Trails(archive).ReadAsync(Fleet.Bike.Id, now - TimeSpan.FromDays(2), now, 1000, CancellationToken.None);

        Assert.Empty(trail.Warnings);
        Assert.Equal(slots, trail.Points.Select(p => p.Location.At));
    }

    [Fact]
    public async Task ReadAsync_MorePointsThanTheLimit_KeepsTheNewestAcrossBothStores()
    {
        var now = _rig.Clock.GetUtcNow();
        var from = now - TimeSpan.FromDays(10);
        var slots = Slots(from, now);
        await _rig.WriteTelemetryAsync(_influx, slots);
        _rig.StoreTrail(slots.Where(t => t >= now - HistoryRig.Retention));
        using var archive = Archive(InfluxApi.V1);
        var limit = (8 * 48) + 5;

        var trail = await _rig.Trails(archive).ReadAsync(Fleet.Bike.Id, from, now, limit, CancellationToken.None);

        Assert.True(trail.Truncated);
        Assert.Equal(slots.TakeLast(limit), trail.Points.Select(p => p.Location.At));
    }

    [Fact]
    public async Task ReadAsync_WholePeriodOlderThanTheStore_ComesFromInfluxEndInclusive()
    {
        var now = _rig.Clock.GetUtcNow();
        var from = now - TimeSpan.FromDays(20);
        var until = now - TimeSpan.FromDays(10);
        await _rig.WriteTelemetryAsync(_influx, Slots(now - TimeSpan.FromDays(30), now));
        using var archive = Archive(InfluxApi.V1);

        var trail = await _rig.Trails(archive).ReadAsync(Fleet.Bike.Id, from, until, 5000, CancellationToken.None);

        Assert.Equal(Slots(from, until), trail.Points.Select(p => p.Location.At));
        Assert.All(trail.Points, p => Assert.Equal(TrailOrigin.InfluxDb, p.Origin));
    }

    [Fact]
    public async Task ReadAsync_TwoGatewaysWroteTheSameFrames_GivesEachMomentOnce()
    {
        // Gateways of one city share a bucket; both heard the bike, so each wrote its position (gateway tags differ).
        var now = _rig.Clock.GetUtcNow();
        var slots = Slots(now - TimeSpan.FromDays(12), now - TimeSpan.FromDays(10));
        await _rig.WriteTelemetryAsync(_influx, slots, gatewayId: "gw-anlong-1");
        await _rig.WriteTelemetryAsync(_influx, slots, gatewayId: "gw-xingyi-1");
        using var archive = Archive(InfluxApi.V1);

        var trail = await _rig.Trails(archive).ReadAsync(Fleet.Bike.Id, slots[0], slots[^1], 5000, CancellationToken.None);

        Assert.Equal(slots, trail.Points.Select(p => p.Location.At));
    }

    [Fact]
    public async Task PositionsAsync_V2SettingsThroughTheCompatibilityApi_AskTheBucketsDatabaseAndPolicy()
    {
        // InfluxDB 1.6 serves only /query, like a v2 server's 1.x compatibility API; the token header is what a v2 server
        // checks (1.6 without authentication ignores it). The bucket "safecomm/autogen" is database/retention-policy.
        var now = _rig.Clock.GetUtcNow();
        var slots = Slots(now - TimeSpan.FromDays(1), now);
        await _rig.WriteTelemetryAsync(_influx, slots);
        using var archive = Archive(InfluxApi.V2);

        var answer = await archive.PositionsAsync(Fleet.Bike.Id, now - TimeSpan.FromDays(1), now.AddTicks(1), 100, CancellationToken.None);

        Assert.Null(answer.Failure);
        Assert.Equal(slots, answer.Items.Select(p => p.Location.At));
    }

    [Fact]
    public async Task PositionsAsync_UnknownDatabase_SaysWhatTheServerRefused()
    {
        using var archive = new InfluxQlArchive(new InfluxQlEndpoint(_influx.Url, "no_such_db", null, null, TimeSpan.FromSeconds(10)));
        var now = _rig.Clock.GetUtcNow();

        var answer = await archive.PositionsAsync(Fleet.Bike.Id, now.AddDays(-1), now, 10, CancellationToken.None);

        Assert.Empty(answer.Items);
        Assert.Contains("database not found", answer.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceptionsAsync_ReadsEachReceptionsSignalByReceiver()
    {
        var now = _rig.Clock.GetUtcNow();
        var north = Slots(now - TimeSpan.FromHours(3), now - TimeSpan.FromHours(2));
        var south = Slots(now - TimeSpan.FromHours(1), now);
        await _rig.WriteTelemetryAsync(_influx, north, "wufu-gate-north", rssi: -71);
        await _rig.WriteTelemetryAsync(_influx, south, "wufu-gate-south", rssi: -93);
        using var archive = Archive(InfluxApi.V1);

        // A reception's time carries the device id mod 1000 in its nanoseconds (docs/telemetry-schema.md): the last
        // one is a little after now.
        var answer = await archive.ReceptionsAsync(Fleet.Bike.Id, ["wufu-gate-north", "wufu-gate-south"], now.AddHours(-4), now.AddMilliseconds(1), 100, CancellationToken.None);

        Assert.Null(answer.Failure);
        Assert.Equal(north.Concat(south).Select(t => t.UtcTicks / TimeSpan.TicksPerMillisecond), answer.Items.Select(s => s.At.UtcTicks / TimeSpan.TicksPerMillisecond));
        Assert.All(answer.Items.Take(north.Count), s => Assert.Equal(("wufu-gate-north", -71.0, 6.5), (s.ReceiverId, s.RssiDbm!.Value, s.SnrDb!.Value)));
        Assert.All(answer.Items.Skip(north.Count), s => Assert.Equal(("wufu-gate-south", -93.0, 6.5), (s.ReceiverId, s.RssiDbm!.Value, s.SnrDb!.Value)));
    }

    private static List<DateTimeOffset> Slots(DateTimeOffset from, DateTimeOffset until)
    {
        var slots = new List<DateTimeOffset>();
        for (var at = from; at <= until; at += Step)
        {
            slots.Add(at);
        }

        return slots;
    }

    private InfluxQlArchive Archive(InfluxApi api) => new(InfluxQlEndpoint.From(new TelemetryOptions
    {
        Url = _influx.Url.ToString(),
        Api = api,
        Database = _influx.Database,
        Bucket = _influx.Database + "/autogen",
        Org = "anlong",
        Token = "token-the-v2-server-would-check",
    }));
}
