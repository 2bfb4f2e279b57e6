using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Geofences.Catalog;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Pipeline;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Telemetry.Hosting;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>
/// The whole pipeline in one process, as the gateway composes it (embedded store, geofences, ingestion, telemetry
/// spooled to disk) with the receivers replaced by tasks that hand it pre-signed frames as fast as it takes them:
/// frames/s, CPU and allocations per frame, and how long an SOS frame takes to reach a live alarm subscriber; then a restart on the same data directory for the start-up time and
/// the memory each enrolled device costs.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/SafeCommunity.Iot.Benchmarks -- pipeline --devices 140000 --fences 10000 --frames 1000000</c>
/// </remarks>
public static class PipelineBenchmark
{
    private const string Usage = """
        pipeline [--devices N] [--fences N] [--frames N] [--duplicates SHARE] [--alarms SHARE] [--rate N] [--shards N] [--receiver-tasks N] [--data DIR]
          --devices          enrolled devices (default 140000)
          --fences           geofences (default 10000)
          --frames           distinct frames to send (default 1000000); receptions = frames × (1 + duplicates)
          --duplicates       share of frames heard by a second base station (default 0.2)
          --alarms           share of all frames that are SOS events (default 0.001)
          --rate             receptions per second, evenly paced (default 0: as fast as the pipeline takes them)
          --shards           Ingestion:Shards (default 0: one per processor)
          --receiver-tasks   concurrent tasks handing frames to the pipeline (default 2)
          --set KEY=VALUE    a gateway setting, as on its command line (repeatable), e.g. --set Storage:Synchronous=Normal
          --hold SECONDS     after the run, wait this long before stopping (to take a heap snapshot)
          --data             data directory to use (default: a new temporary one, deleted afterwards)
        """;

    /// <summary>Runs the benchmark; 0 when it ran, 2 on bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (!PipelineSettings.TryParse(args, out var settings, out var error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        var temporary = settings.DataDirectory is null;
        var data = settings.DataDirectory ?? Path.Combine(Path.GetTempPath(), "safecomm-pipeline-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        try
        {
            await RunAsync(settings, data).ConfigureAwait(false);
        }
        finally
        {
            if (temporary)
            {
                Directory.Delete(data, recursive: true);
            }
        }

        return 0;
    }

    private static async Task RunAsync(PipelineSettings settings, string data)
    {
        Print($"pipeline benchmark: {settings.Devices:N0} devices, {settings.Fences:N0} fences, {settings.Frames:N0} frames " +
              $"(+{settings.DuplicateShare:P0} duplicates, {settings.AlarmShare:P2} SOS), rate {(settings.Rate > 0 ? settings.Rate.ToString("N0", CultureInfo.InvariantCulture) + "/s" : "unpaced")}, " +
              $"shards {settings.Shards}, {settings.ReceiverTasks} receiver tasks{string.Concat(settings.Overrides.Select(o => $", {o.Key}={o.Value}"))}");
        Print($"machine: {Environment.ProcessorCount} processors, {Environment.OSVersion}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

        // The baseline is taken before anything of the gateway exists, so what the restarted gateway holds later
        // counts in full, every fixed cost (loaded code, caches, the fences) included.
        var baseline = HeapAfterCollection();
        var county = SyntheticCounty.Create(Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json"), settings.Devices, settings.Fences);
        var registryFile = Path.Combine(data, "county.json");
        var fencesFile = Path.Combine(data, "fences.geojson");
        county.WriteRegistry(registryFile);
        county.WriteFences(fencesFile);
        var started = Stopwatch.GetTimestamp();
        var plan = TrafficPlan.Create(county, settings.Frames, settings.DuplicateShare, settings.AlarmShare);
        Print($"signed {plan.Receptions.Length:N0} receptions of {plan.Frames:N0} frames ({plan.AlarmFrames:N0} SOS) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        using (var metrics = new MetricTotals())
        {
            var withPlan = HeapAfterCollection();
            var (host, startup) = await StartAsync(settings, data, registryFile, fencesFile).ConfigureAwait(false);
            using (host)
            {
                Print($"first start (imports {settings.Devices:N0} devices and {settings.Fences:N0} fences): ingesting after {startup.TotalSeconds:F2} s");
                await SendAsync(host, plan, settings.ReceiverTasks, settings.Rate, metrics).ConfigureAwait(false);

                // Every device has now been heard: its runtime state (window, last frame, receptions, position, rule
                // state) is as large as it gets. The traffic itself was on the heap before the host was built.
                var heard = HeapAfterCollection() - withPlan;
                Print($"memory after the run, every device heard: managed heap {heard / 1048576.0:F1} MiB more than before the host = " +
                      $"{(double)heard / settings.Devices:F0} B per enrolled device (everything the gateway holds, queues drained); " +
                      $"process working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0} MiB (the signed traffic included)");
                await HoldAsync(settings).ConfigureAwait(false);
                await host.StopAsync().ConfigureAwait(false);
            }
        }

        // The traffic is gone before memory is measured: what is left on the heap is the gateway's.
        plan = null;
        county = null;
        using (var metrics = new MetricTotals())
        {
            var (host, startup) = await StartAsync(settings, data, registryFile: null, fencesFile: null).ConfigureAwait(false);
            using (host)
            {
                var heap = HeapAfterCollection() - baseline;
                var rss = Process.GetCurrentProcess().WorkingSet64;
                Print($"restart on the same data directory ({settings.Devices:N0} devices with state, {settings.Fences:N0} fences): ingesting after {startup.TotalSeconds:F2} s");
                Print($"memory after restart: managed heap {heap / 1048576.0:F1} MiB more than before the host = {(double)heap / settings.Devices:F0} B per enrolled device " +
                      $"(compared with the process before the gateway was built: fences, registry, states, caches, loaded code and every fixed cost included); process working set {rss / 1048576.0:F0} MiB");
                await HoldAsync(settings).ConfigureAwait(false);
                await host.StopAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<(IHost Host, TimeSpan Startup)> StartAsync(PipelineSettings settings, string data, string? registryFile, string? fencesFile)
    {
        var started = Stopwatch.GetTimestamp();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = data });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = data,
            ["Storage:ImportOnStart"] = registryFile,
            ["Geofences:ImportOnStart"] = fencesFile,
            ["Ingestion:Shards"] = settings.Shards.ToString(CultureInfo.InvariantCulture),
            ["Telemetry:Enabled"] = "true",
        });
        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        // What start-up spends its time on (registry, fences, states) is logged at Information by the stores.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("SafeCommunity.Iot.Storage", LogLevel.Information)
            .AddFilter("SafeCommunity.Iot.Geofences", LogLevel.Information);
        builder.AddGatewayStorage();
        builder.AddGeofences();
        builder.AddIngestion();
        builder.AddTelemetry();
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var pipeline = host.Services.GetRequiredService<UplinkPipeline>();
        while (!pipeline.IsRunning)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }

        return (host, Stopwatch.GetElapsedTime(started));
    }

    private static async Task SendAsync(IHost host, TrafficPlan plan, int tasks, int rate, MetricTotals metrics)
    {
        var ingress = host.Services.GetRequiredService<IUplinkIngress>();
        using var alarms = new AlarmLatencyProbe(host.Services.GetRequiredService<AlarmHub>());
        var completion = new CountingCompletion();
        completion.Expect(plan.Receptions.Length);

        // Each task hands over the receptions of a share of the devices, in order: a device's frames and their
        // duplicates arrive the way the air brings them (split by receiver, one task could run rounds ahead of
        // another and turn duplicates into replays, which real receivers, all working in real time, never do).
        var slices = Enumerable.Range(0, tasks)
            .Select(t => plan.Receptions.Where(r => r.Shard(tasks) == t).ToArray())
            .ToArray();

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var started = Stopwatch.GetTimestamp();
        var pace = rate > 0 ? new Pace(rate / (double)tasks) : null;
        var senders = slices.Select(slice => Task.Run(async () =>
        {
            var sent = 0L;
            foreach (var reception in slice)
            {
                if (pace is not null)
                {
                    await pace.WaitForTurnAsync(sent++).ConfigureAwait(false);
                }

                if (reception.RaisesAlarm)
                {
                    alarms.Sending(reception.DeviceId);
                }

                await ingress.WriteAsync(
                    new RawUplink(reception.ReceiverId, DateTimeOffset.UtcNow, reception.Payload, UplinkTransport.Serial, reception.Rssi, 7.5, null, completion),
                    CancellationToken.None).ConfigureAwait(false);
            }
        })).ToArray();

        var perSecond = new List<long>();
        var last = 0L;
        while (!completion.Done.IsCompleted)
        {
            await Task.WhenAny(completion.Done, Task.Delay(1000)).ConfigureAwait(false);
            var now = completion.Completed;
            perSecond.Add(now - last);
            last = now;
        }

        await Task.WhenAll(senders).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var receptions = plan.Receptions.Length;

        Print($"handed over {receptions:N0} receptions in {elapsed.TotalSeconds:F2} s: {receptions / elapsed.TotalSeconds:N0} receptions/s, " +
              $"{plan.Frames / elapsed.TotalSeconds:N0} distinct frames/s");
        Print($"per second (receptions completed): {string.Join(' ', perSecond.Select(n => n.ToString(CultureInfo.InvariantCulture)))}");
        Print($"outcomes: accepted {completion.Count(UplinkOutcome.Accepted):N0}, duplicate {completion.Count(UplinkOutcome.Duplicate):N0}, " +
              $"other {receptions - completion.Count(UplinkOutcome.Accepted) - completion.Count(UplinkOutcome.Duplicate):N0}");
        Print($"cpu {cpu.TotalSeconds:F1} s = {cpu.TotalMicroseconds / receptions:F1} µs per reception ({cpu / elapsed / Environment.ProcessorCount:P0} of the machine); " +
              $"allocated {allocated / (double)receptions:F0} B per reception; GCs gen0 {GC.CollectionCount(0) - gcBefore.Item1}, " +
              $"gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}");
        var commits = metrics.Records("safecomm.store.commit_duration");
        var committing = TimeSpan.FromMilliseconds(commits * metrics.Mean("safecomm.store.commit_duration"));
        Print($"store: {commits:N0} transactions, {metrics.Mean("safecomm.store.commit_batch"):F0} uplinks and {metrics.Mean("safecomm.store.commit_duration"):F1} ms each on average; " +
              $"the committer spent {committing.TotalSeconds:F1} s writing ({committing / elapsed:P0} of the run, {committing.TotalMicroseconds / receptions:F1} µs per reception); " +
              $"uplink latency (reception → stored) mean {metrics.Mean("safecomm.uplinks.latency"):F1} ms");
        var (p50, p99, max, count) = await alarms.SummariseAsync(plan.AlarmFrames, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Print($"alarm latency (SOS frame handed over → event at a live hub subscriber), {count:N0} of {plan.AlarmFrames:N0} SOS frames: " +
              $"p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms");
        Print($"telemetry: {metrics.Total("safecomm.telemetry.spooled"):N0} points spooled, {metrics.Total("safecomm.telemetry.queue_dropped"):N0} uplinks not queued, " +
              $"{metrics.Total("safecomm.telemetry.dropped"):N0} points dropped");
    }

    private static async Task HoldAsync(PipelineSettings settings)
    {
        if (settings.HoldAfterRun > TimeSpan.Zero)
        {
            Print($"holding for {settings.HoldAfterRun.TotalSeconds:F0} s (process {Environment.ProcessId}): take a heap snapshot now, e.g. dotnet-gcdump collect -p {Environment.ProcessId}");
            await Task.Delay(settings.HoldAfterRun).ConfigureAwait(false);
        }
    }

    private static long HeapAfterCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Print(string line) => Console.WriteLine(line);
}
