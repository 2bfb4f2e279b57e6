using System.Globalization;
using SafeCommunity.Iot.LoadTest.Cli;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Processes;
using SafeCommunity.Iot.LoadTest.Traffic;

namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>
/// Brings up the gateway the way the issue measures it: (1) an empty gateway, for the memory baseline; (2) a first
/// start on a fresh data directory importing the N devices; (3) a restart on that data directory with the devices
/// already enrolled, which stays up for the run. Every start is timed from process start to /healthz saying the
/// pipeline runs.
/// </summary>
internal sealed class GatewayStartUp
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private readonly LoadTestOptions _options;
    private readonly Progress _progress;
    private readonly string _work;

    public GatewayStartUp(LoadTestOptions options, Progress progress, string work)
    {
        _options = options;
        _progress = progress;
        _work = work;
    }

    /// <summary>The empty gateway's resident memory after start-up.</summary>
    public long? BaselineRssBytes { get; private set; }

    /// <summary>The timings so far.</summary>
    public Reporting.StartUpTimes? Times { get; private set; }

    /// <summary>Runs the three starts; returns the restarted gateway, up and with its receivers connected.</summary>
    public async Task<GatewayProcess> StartAsync(
        string dll, string seedFile, LoadFleet fleet, int mqttPort, IReadOnlyList<PtyPair> ptys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(ptys);
        var serial = fleet.SerialReceivers.Select((r, i) => (r.Id, ptys[i].GatewayEnd)).ToList();
        GatewaySetup Setup(string data, string? import) => new(dll, Path.Combine(_work, data), import, mqttPort, _options.Broker == BrokerKind.Embedded, serial, _options.GatewayArguments);

        double? emptySeconds = null;
        if (!_options.NoBaseline)
        {
            var emptyImport = Path.Combine(_work, "import-empty.json");
            ImportFileWriter.Write(emptyImport, seedFile, []);
            _progress.Say("starting an empty gateway (memory baseline)...");
            var (empty, startUp) = await GatewayProcess.StartAsync(Setup("data-empty", emptyImport), Path.Combine(_work, "gateway-empty.log"), StartTimeout, cancellationToken);
            await using (empty)
            {
                emptySeconds = startUp.TotalSeconds;
                BaselineRssBytes = await SettledRssAsync(empty.ProcessId, cancellationToken);
                await empty.StopAsync();
            }
        }

        var import = Path.Combine(_work, "import.json");
        ImportFileWriter.Write(import, seedFile, fleet.Devices);
        _progress.Say(string.Create(CultureInfo.InvariantCulture, $"starting the gateway on a fresh data directory, importing {fleet.Devices.Count:N0} devices..."));
        var (first, importSeconds) = await GatewayProcess.StartAsync(Setup("data", import), Path.Combine(_work, "gateway-import.log"), StartTimeout, cancellationToken);
        await using (first)
        {
            _progress.Say(string.Create(CultureInfo.InvariantCulture, $"ingesting after {importSeconds.TotalSeconds:F2} s; stopping it for the restart"));
            await first.StopAsync();
        }

        _progress.Say("restarting the gateway on the same data directory (devices enrolled)...");
        var (gateway, restartSeconds) = await GatewayProcess.StartAsync(Setup("data", null), Path.Combine(_work, "gateway.log"), StartTimeout, cancellationToken);
        try
        {
            using var api = new GatewayApi(gateway.GrpcUrl, await GatewayApi.ReadTokenAsync(gateway.AdminTokenFile, cancellationToken));
            await api.WaitForLinksAsync([.. serial.Select(s => s.Id)], TimeSpan.FromSeconds(60), cancellationToken);
            await SubscriberProbe.WaitForSubscriberAsync("127.0.0.1", mqttPort, TimeSpan.FromSeconds(60), cancellationToken);
            var linked = System.Diagnostics.Stopwatch.GetElapsedTime(gateway.StartedAt);
            _progress.Say(string.Create(CultureInfo.InvariantCulture, $"ingesting after {restartSeconds.TotalSeconds:F2} s, receivers connected after {linked.TotalSeconds:F2} s"));
            Times = new Reporting.StartUpTimes(emptySeconds, importSeconds.TotalSeconds, restartSeconds.TotalSeconds, linked.TotalSeconds);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory once start-up work has settled (two seconds after ingesting).</summary>
    public static async Task<long?> SettledRssAsync(int pid, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return ProcFs.Read(pid)?.RssBytes;
    }
}
