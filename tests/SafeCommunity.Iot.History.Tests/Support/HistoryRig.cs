using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.Trails;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.Registry;
using SafeCommunity.Iot.Storage.State;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Writers;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.History.Tests.Support;

/// <summary>
/// The real embedded store (SQLite in a temporary folder) with the bike enrolled, a clock the test sets, and the
/// telemetry writer's own formatter and 1.x writer to put the gateway's points into a real InfluxDB.
/// </summary>
internal sealed class HistoryRig : IDisposable
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly TempDirectory _directory = new();
    private readonly GatewayDatabase _database;
    private readonly DeviceStateStore _states;
    private readonly StateAndAlarmWriter _writer;
    private uint _counter;

    public HistoryRig()
    {
        var options = new StorageOptions { DataDirectory = _directory.Path, TrailRetention = Retention };
        _database = new GatewayDatabase(options, _directory.Path);
        _database.EnsureMigrated();
        new RegistryStore(_database).Import(new RegistryContents([Fleet.Wufu], [Fleet.NorthGate, Fleet.SouthGate], [Fleet.Bike]));
        _states = new DeviceStateStore(_database);
        _writer = new StateAndAlarmWriter(_database);
        Storage = Options.Create(options);
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero));
    }

    public FakeTimeProvider Clock { get; }

    public IOptions<StorageOptions> Storage { get; }

    public IDeviceStateStore States => _states;

    public TrailHistory Trails(ITelemetryArchive archive) => new(_states, archive, Storage, Clock, NullLogger<TrailHistory>.Instance);

    /// <summary>Stores trail points in the embedded store, as the pipeline's committer does, heard by <paramref name="receiverId"/>.</summary>
    public void StoreTrail(IEnumerable<DateTimeOffset> times, string receiverId = "wufu-gate-north")
    {
        var batch = new StateAndAlarmBatch();
        foreach (var at in times)
        {
            batch.Trail.Add(new TrailPoint(Fleet.Bike.Id, Fix(at), receiverId));
        }

        _writer.Commit(batch);
    }

    /// <summary>
    /// Writes what the gateway's telemetry writes for located frames of the bike at <paramref name="times"/> (uplink,
    /// device_status, reception and position points, through its own formatter) to a real InfluxDB 1.x.
    /// </summary>
    public async Task WriteTelemetryAsync(
        InfluxDb1Server influx, IEnumerable<DateTimeOffset> times, string receiverId = "wufu-gate-north", double rssi = -82, string gatewayId = "gw-test")
    {
        var formatter = new PointFormatter(gatewayId);
        using var writer = new InfluxV1Writer(influx.Url.ToString(), influx.Database, null, null, null, TimeSpan.FromSeconds(30), gzip: true);
        foreach (var chunk in times.Chunk(500))
        {
            var record = new RecordBuilder();
            foreach (var at in chunk)
            {
                var location = Fix(at);
                var frame = RadioFrame.PositionReport(Fleet.Bike.Id, ++_counter, DeviceStatusFlags.GnssFixValid, 80,
                    GeoFix.FromDegrees(location.Point.Latitude, location.Point.Longitude, 8, 0));
                var reception = new Reception(receiverId, at, rssi, 6.5, null, UplinkTransport.Serial);
                formatter.AddUplink(new AcceptedUplink(Fleet.Bike, frame, [reception], location, IsDuplicate: false), record);
            }

            var outcome = await writer.WriteAsync(record.Payload.ToArray(), CancellationToken.None);
            Assert.Equal(WriteStatus.Written, outcome.Status);
        }
    }

    public static Location Fix(DateTimeOffset at) =>
        new(Fleet.Along((int)(at.ToUnixTimeSeconds() / 60)), 8, LocationSource.Gnss, at);

    public void Dispose()
    {
        _writer.Dispose();
        _database.Dispose();
        _directory.Dispose();
    }
}
