using System.Globalization;
using SafeCommunity.Iot.LoadTest.Cli;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Probe;
using SafeCommunity.Iot.LoadTest.Processes;
using SafeCommunity.Iot.LoadTest.Reporting;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.LoadTest.Traffic;
using SafeCommunity.Iot.Simulator.Running;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>
/// The tool's entry: parses the command line, sets up the gateway (started here, or attached to), runs the load,
/// prints the report. Exit codes: 0 the run completed (whatever the numbers), 1 it could not run, 2 usage error.
/// </summary>
internal static class LoadTestApp
{
    /// <summary>Runs the tool; returns its exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (args.Count > 0 && args[0] == ProbeChild.Command)
        {
            return await ProbeChild.RunAsync(args, Console.In, output, errors, cancellationToken);
        }

        if (!LoadTestCommandLine.TryParse(args, out var options, out var error))
        {
            await errors.WriteLineAsync("safecomm-loadtest: " + error);
            await errors.WriteLineAsync("Run with --help for usage.");
            return 2;
        }

        if (options.Help)
        {
            await output.WriteAsync(LoadTestCommandLine.Usage());
            return 0;
        }

        try
        {
            var report = await RunAsync(options, new Progress(output), cancellationToken);
            if (report is null)
            {
                return 0;
            }

            await output.WriteAsync(ReportText.Render(report));
            if (options.ReportFile is { } file)
            {
                await File.WriteAllTextAsync(file, ReportText.ToJson(report), cancellationToken);
                await output.WriteLineAsync("Report written to " + file);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await errors.WriteLineAsync("safecomm-loadtest: interrupted; the gateway, broker and pseudo-terminals were stopped");
            return 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or SeedFileException or SerialOpenException or IOException or UnauthorizedAccessException or ArgumentException or TimeoutException)
        {
            await errors.WriteLineAsync("safecomm-loadtest: " + ex.Message);
            return 1;
        }
    }

    private static async Task<LoadReport?> RunAsync(LoadTestOptions options, Progress progress, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.FindRoot();
        var seedFile = options.SeedFile ?? (root is null ? null : Path.Combine(root, RepositoryPaths.SeedFile))
            ?? throw new InvalidOperationException("cannot find the repository (SafeCommunity.Iot.sln): pass --seed-file and --gateway-dll");
        var seed = SeedDeployment.Load(seedFile);
        var fleet = LoadFleet.Generate(seed, options.Devices, options.Attach ? 0 : options.SerialPorts);
        if (options.WriteImport is { } importFile)
        {
            ImportFileWriter.Write(importFile, seedFile, fleet.Devices);
            progress.Say(string.Create(CultureInfo.InvariantCulture, $"wrote {fleet.Devices.Count:N0} devices to {importFile}"));
            return null;
        }

        var loadBefore = ProcFs.LoadAverage();
        var startedAt = DateTimeOffset.UtcNow;
        return options.Attach
            ? await AttachedAsync(options, progress, fleet, loadBefore, startedAt, cancellationToken)
            : await SpawnedAsync(options, progress, root, seedFile, fleet, loadBefore, startedAt, cancellationToken);
    }

    private static async Task<LoadReport> SpawnedAsync(
        LoadTestOptions options, Progress progress, string? root, string seedFile, LoadFleet fleet, double loadBefore, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var dll = options.GatewayDll ?? (root is null ? null : Path.Combine(root, RepositoryPaths.GatewayDll))
            ?? throw new InvalidOperationException("cannot find the repository (SafeCommunity.Iot.sln): pass --gateway-dll");
        var work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("safecomm-loadtest-").FullName;
        Directory.CreateDirectory(work);
        progress.Say("work folder " + work);
        try
        {
            await using var broker = options.Broker == BrokerKind.Mosquitto ? await MosquittoBroker.StartAsync(Path.Combine(work, "broker")) : null;
            var mqttPort = broker?.Port ?? FreePort.Next();
            var ptys = new List<PtyPair>();
            try
            {
                for (var port = 0; port < options.SerialPorts; port++)
                {
                    ptys.Add(await PtyPair.StartAsync(work, string.Create(CultureInfo.InvariantCulture, $"serial{port}")));
                }

                var startUp = new GatewayStartUp(options, progress, work);
                await using var gateway = await startUp.StartAsync(Path.GetFullPath(dll), seedFile, fleet, mqttPort, ptys, cancellationToken);
                var token = await GatewayApi.ReadTokenAsync(gateway.AdminTokenFile, cancellationToken);
                var target = new TargetGateway(gateway.HttpUrl, gateway.GrpcUrl, token, "127.0.0.1", mqttPort, gateway.ProcessId, [.. ptys.Select(p => p.ToolEnd)], broker?.ProcessId);
                var outcome = await new LoadRun(options, progress).RunAsync(target, fleet, cancellationToken);
                if (!await gateway.StopAsync())
                {
                    progress.Say("the gateway did not stop within 30 s of SIGTERM and was killed");
                }

                return Build(options, fleet, $"gateway started by the tool: {dll}; broker: {(broker is null ? "the gateway's embedded MQTTnet broker" : "Mosquitto")}", startedAt, loadBefore, startUp.Times, startUp.BaselineRssBytes, outcome);
            }
            finally
            {
                foreach (var pty in ptys)
                {
                    await pty.DisposeAsync();
                }
            }
        }
        finally
        {
            if (!options.Keep && options.WorkDirectory is null)
            {
                TryDelete(work);
            }
        }
    }

    private static async Task<LoadReport> AttachedAsync(
        LoadTestOptions options, Progress progress, LoadFleet fleet, double loadBefore, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        LoadTestCommandLine.TrySplitHostPort(options.Mqtt!, out var host, out var port);
        var token = options.AlarmTopic is null ? await GatewayApi.ReadTokenAsync(options.TokenFile!, cancellationToken) : null;
        progress.Say($"attached to the gateway at {options.GatewayUrl} (devices must be enrolled: --write-import)" +
            (options.AlarmTopic is { } topic ? $"; alarms watched on MQTT {options.Mqtt} {topic}" : string.Empty));
        await SubscriberProbe.WaitForSubscriberAsync(host, port, TimeSpan.FromSeconds(30), cancellationToken);
        var target = new TargetGateway(options.GatewayUrl!, options.GrpcUrl, token, host, port, options.GatewayPid, [], AlarmTopic: options.AlarmTopic)
        {
            PeerHttpUrls = options.PeerUrls,
            PeerProcessIds = options.PeerPids,
        };
        var outcome = await new LoadRun(options, progress).RunAsync(target, fleet, cancellationToken);
        var peers = options.PeerUrls.Count == 0 ? string.Empty : " with " + string.Join(", ", options.PeerUrls);
        return Build(options, fleet, "attached: " + options.GatewayUrl + peers + (options.AlarmTopic is { } watched ? $" (alarms on MQTT {watched})" : string.Empty), startedAt, loadBefore, null, null, outcome);
    }

    private static LoadReport Build(
        LoadTestOptions options, LoadFleet fleet, string gateway, DateTimeOffset startedAt, double loadBefore, StartUpTimes? startUp, long? baseline, RunOutcome outcome)
    {
        var devices = fleet.Devices.Count;
        double? PerDevice(long? rss) => rss is { } r && baseline is { } b ? (double)(r - b) / devices : null;
        return new LoadReport
        {
            Setup = new RunSetup(
                startedAt,
                options.Attach ? "attached" : "spawned",
                devices,
                fleet.LoRaWanDevices.Count,
                fleet.SerialDevices.Sum(d => d.Count),
                options.Rate,
                options.Duration.TotalSeconds,
                options.AlarmShare,
                options.MqttConnections,
                fleet.SerialReceivers.Count,
                options.SerialRate,
                gateway,
                Environment.ProcessorCount,
                loadBefore,
                ProcFs.LoadAverage(),
                options.AlarmTopic is { } topic ? "MQTT " + topic : "Alarms.Watch"),
            StartUp = startUp,
            Memory = new MemoryFigures(
                baseline,
                outcome.StartRssBytes,
                outcome.EndRssBytes,
                outcome.MaxRssBytes,
                PerDevice(outcome.StartRssBytes),
                PerDevice(outcome.EndRssBytes),
                outcome.GcHeapStartBytes,
                outcome.GcHeapEndBytes,
                baseline is null
                    ? "no baseline (attached, or --no-baseline): per-device figures need the empty gateway's resident set"
                    : "VmRSS of the restarted gateway with N devices minus VmRSS of the same gateway and settings with no device, 2 s after each said it ingests; divided by N"),
            Throughput = outcome.Throughput,
            Intervals = outcome.Intervals,
            Cpu = outcome.Cpu,
            Alarms = outcome.Alarms,
            Notes = outcome.Notes,
        };
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
