using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Hosting;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Sending;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Writers;

namespace SafeCommunity.Iot.Benchmarks.Telemetry;

/// <summary>
/// Throughput of the telemetry spool to a real server (BENCHMARKS.md, "Telemetry spool"), through the gateway's own
/// parts: stored uplinks formatted with the client's point type, appended to the spool, drained by the sender in
/// batches of 5,000 with gzip. Two runs:
/// <list type="number">
/// <item>throughput: as many points as it can, with the sender draining at the same time; points/s end to end;</item>
/// <item>outage: points produced at a steady rate for a while with the server unreachable (the sender not running),
/// then the sender started: how fast the backlog drains, against the rate it was produced at.</item>
/// </list>
/// Not a BenchmarkDotNet benchmark: it measures seconds to minutes of I/O against a server, not a hot method.
/// </summary>
internal static class SpoolBenchmark
{
    private static readonly Device[] Fleet = [.. Enumerable.Range(1, 1000).Select(i => new Device
    {
        Id = (uint)(0x11000000 + i),
        Kind = i % 3 == 0 ? DeviceKind.ElderWristband : DeviceKind.EbikeChip,
        Key = DeviceKey.FromBytes(new byte[16]),
        DisplayName = "bench",
        CommunityId = (i % 4) switch { 0 => "wufu", 1 => "tiangu", 2 => "shuanglong", _ => "jiulong" },
        Owner = "bench",
    })];

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Arguments(args);
        var url = settings.GetValueOrDefault("url") ?? "http://127.0.0.1:8428";
        var throughputPoints = long.Parse(settings.GetValueOrDefault("points") ?? "1000000", CultureInfo.InvariantCulture);
        var rate = int.Parse(settings.GetValueOrDefault("rate") ?? "5000", CultureInfo.InvariantCulture);
        var outageSeconds = int.Parse(settings.GetValueOrDefault("outage-seconds") ?? "600", CultureInfo.InvariantCulture);
        var options = new TelemetryOptions
        {
            Url = url,
            Api = settings.GetValueOrDefault("api") == "v1" ? InfluxApi.V1 : InfluxApi.V2,
            Org = "safecomm",
            Bucket = "telemetry",
            Database = "safecomm",
        };

        Console.WriteLine($"telemetry spool benchmark: {options.Api} to {url}; {Environment.ProcessorCount} processors; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        if (throughputPoints > 0)
        {
            await ThroughputAsync(options, throughputPoints);
        }

        if (outageSeconds > 0)
        {
            await OutageAsync(options, rate, outageSeconds);
        }

        return 0;
    }

    private static async Task ThroughputAsync(TelemetryOptions options, long points)
    {
        using var rig = new Rig(options);
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(() => rig.Sender.RunAsync(stop.Token));
        var watch = Stopwatch.StartNew();
        var producing = Task.Run(() =>
        {
            var counter = 0u;
            var record = new RecordBuilder();
            while (rig.Metrics.Spooled < points)
            {
                while (record.Points < 2000)
                {
                    rig.Formatter.AddUplink(Uplink(counter++), record);
                }

                rig.Spool.Append(record);
            }
        });
        await producing;
        var produced = watch.Elapsed;
        while (rig.Spool.PendingPoints > 0)
        {
            await Task.Delay(5);
        }

        var total = watch.Elapsed;
        await stop.CancelAsync();
        await sending;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {rig.Metrics.Spooled:N0} points spooled in {produced.TotalSeconds:F1} s ({rig.Metrics.Spooled / produced.TotalSeconds:N0} points/s into the spool); all confirmed by the server after {total.TotalSeconds:F1} s: {rig.Metrics.Sent / total.TotalSeconds:N0} points/s end to end; {rig.Metrics.SendFailures} failed requests"));
    }

    private static async Task OutageAsync(TelemetryOptions options, int rate, int seconds)
    {
        using var rig = new Rig(options);
        Console.WriteLine($"outage: producing {rate} points/s for {seconds} s with no server reachable (the sender not running) ...");
        var watch = Stopwatch.StartNew();
        var counter = 0u;
        var record = new RecordBuilder();
        var target = (long)rate * seconds;
        while (rig.Metrics.Spooled < target)
        {
            // Paced in 10 ms steps: the points due by now, in one record.
            var due = Math.Min(target, (long)(watch.Elapsed.TotalSeconds * rate));
            while (rig.Metrics.Spooled + record.Points < due)
            {
                rig.Formatter.AddUplink(Uplink(counter++), record);
            }

            rig.Spool.Append(record);
            await Task.Delay(10);
        }

        var produced = watch.Elapsed;
        var backlog = rig.Spool.PendingPoints;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outage: {backlog:N0} points in {rig.Spool.TotalBytes / 1048576.0:F0} MiB of spool after {produced.TotalSeconds:F0} s ({backlog / produced.TotalSeconds:N0} points/s); nothing dropped: {rig.Metrics.DroppedTotal == 0}"));

        using var stop = new CancellationTokenSource();
        watch.Restart();
        var sending = Task.Run(() => rig.Sender.RunAsync(stop.Token));
        while (rig.Spool.PendingPoints > 0)
        {
            await Task.Delay(5);
        }

        var drained = watch.Elapsed;
        await stop.CancelAsync();
        await sending;
        var drainRate = backlog / drained.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"drain: {rig.Metrics.Sent:N0} points confirmed in {drained.TotalSeconds:F1} s: {drainRate:N0} points/s, {drainRate / (backlog / produced.TotalSeconds):F1}x the rate they were produced at; {rig.Metrics.SendFailures} failed requests; dropped {rig.Metrics.DroppedTotal}"));
    }

    private static AcceptedUplink Uplink(uint counter)
    {
        var device = Fleet[counter % Fleet.Length];
        var at = DateTimeOffset.UtcNow;
        var latitude = 25.1 + ((counter % 997) * 1e-5);
        var frame = RadioFrame.PositionReport(device.Id, counter, DeviceStatusFlags.GnssFixValid, 80, GeoFix.FromDegrees(latitude, 105.47, 8, 1));
        var reception = new Reception("wufu-gate-north", at, -80, 7.5, null, UplinkTransport.Serial);
        return new AcceptedUplink(device, frame, [reception], new Location(new GeoPoint(latitude, 105.47), 8, LocationSource.Gnss, at), false);
    }

    private static Dictionary<string, string> Arguments(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings[args[i].TrimStart('-')] = args[i + 1];
        }

        return settings;
    }

    /// <summary>A spool in a temporary folder and a sender to the server, as the gateway wires them.</summary>
    private sealed class Rig : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly string _directory = Path.Combine(Path.GetTempPath(), $"safecomm-spool-bench-{Guid.NewGuid():N}");
        private readonly ITelemetryWriter _writer;

        public Rig(TelemetryOptions options)
        {
            Metrics = new TelemetryMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            Spool = TelemetrySpool.Open(_directory, 4L << 30, options.SegmentBytes, Metrics, NullLogger.Instance);
            _writer = TelemetrySenderService.CreateWriter(options);
            Sender = new SpoolSender(
                Spool, _writer, new DeadLetterFile(_directory, options.MaxDeadLetterBytes),
                new SenderSettings(options.BatchSize, options.FlushInterval, options.RetryMinDelay, options.RetryMaxDelay),
                Metrics, TimeProvider.System, NullLogger.Instance);
        }

        public TelemetryMetrics Metrics { get; }

        public TelemetrySpool Spool { get; }

        public SpoolSender Sender { get; }

        public PointFormatter Formatter { get; } = new("bench-gateway");

        public void Dispose()
        {
            Spool.Dispose();
            _writer.Dispose();
            _services.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
