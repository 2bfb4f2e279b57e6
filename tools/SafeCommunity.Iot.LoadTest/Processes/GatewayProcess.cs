using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.LoadTest.Processes;

/// <summary>What a gateway started by the tool is given: its data directory, receivers and endpoints.</summary>
/// <param name="Dll">The built gateway (safecomm-gateway.dll).</param>
/// <param name="DataDirectory">Its data directory.</param>
/// <param name="ImportFile">A registry file to import at start, or null.</param>
/// <param name="MqttPort">The broker its LoRaWAN receiver reads (127.0.0.1), or where its embedded broker listens.</param>
/// <param name="EmbeddedBroker">Whether the gateway runs the broker itself.</param>
/// <param name="SerialPorts">Its serial receivers: receiver id and the pseudo-terminal it opens.</param>
/// <param name="ExtraArguments">More settings from the command line.</param>
internal sealed record GatewaySetup(
    string Dll, string DataDirectory, string? ImportFile, int MqttPort, bool EmbeddedBroker, IReadOnlyList<(string ReceiverId, string Path)> SerialPorts, IReadOnlyList<string> ExtraArguments);

/// <summary>
/// The real gateway as a child process (<c>dotnet safecomm-gateway.dll</c>) on free loopback ports, and how long it
/// took from process start to ingesting: <c>/healthz</c> says the uplink pipeline runs.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, Uri httpUrl, Uri grpcUrl, string logFile, string dataDirectory)
    {
        _process = process;
        HttpUrl = httpUrl;
        GrpcUrl = grpcUrl;
        LogFile = logFile;
        DataDirectory = dataDirectory;
    }

    /// <summary>Health and metrics.</summary>
    public Uri HttpUrl { get; }

    /// <summary>The gRPC API.</summary>
    public Uri GrpcUrl { get; }

    /// <summary>Its console output.</summary>
    public string LogFile { get; }

    /// <summary>Its data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>When the process was started (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long StartedAt => _process.StartedAt;

    /// <summary>The file the gateway writes its first administrator token to.</summary>
    public string AdminTokenFile => Path.Combine(DataDirectory, "admin-token");

    /// <summary>The command-line settings for <paramref name="setup"/> on the given endpoints.</summary>
    public static List<string> Arguments(GatewaySetup setup, Uri httpUrl, Uri grpcUrl)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var arguments = new List<string>
        {
            setup.Dll,
            "--Storage:DataDirectory=" + setup.DataDirectory,
            "--Kestrel:Endpoints:Http:Url=" + httpUrl.ToString().TrimEnd('/'),
            "--Kestrel:Endpoints:Grpc:Url=" + grpcUrl.ToString().TrimEnd('/'),
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
        };
        arguments.AddRange(setup.EmbeddedBroker
            ? [string.Create(CultureInfo.InvariantCulture, $"--Receivers:LoRaWan:Broker:Port={setup.MqttPort}")]
            : ["--Receivers:LoRaWan:Host=127.0.0.1", string.Create(CultureInfo.InvariantCulture, $"--Receivers:LoRaWan:Port={setup.MqttPort}")]);
        if (setup.ImportFile is not null)
        {
            arguments.Add("--Storage:ImportOnStart=" + setup.ImportFile);
        }

        for (var i = 0; i < setup.SerialPorts.Count; i++)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--Receivers:Serial:Ports:{i}:ReceiverId={setup.SerialPorts[i].ReceiverId}"));
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--Receivers:Serial:Ports:{i}:Path={setup.SerialPorts[i].Path}"));
        }

        arguments.AddRange(setup.ExtraArguments);
        return arguments;
    }

    /// <summary>
    /// Starts the gateway and waits until it ingests, at most <paramref name="timeout"/>; returns it with the time
    /// from process start to ingesting.
    /// </summary>
    /// <exception cref="InvalidOperationException">It exited or did not become healthy in time.</exception>
    public static async Task<(GatewayProcess Gateway, TimeSpan StartUp)> StartAsync(GatewaySetup setup, string logFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (!File.Exists(setup.Dll))
        {
            throw new InvalidOperationException($"the gateway is not built at {setup.Dll} (dotnet build -c Release src/SafeCommunity.Iot.Gateway, or --gateway-dll)");
        }

        var httpUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));
        var grpcUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));

        // The gateway's folder is its content root: its appsettings.json applies, as when an operator starts it.
        var process = ChildProcess.Start("dotnet", Arguments(setup, httpUrl, grpcUrl), Path.GetDirectoryName(setup.Dll)!, logFile);
        var gateway = new GatewayProcess(process, httpUrl, grpcUrl, logFile, setup.DataDirectory);
        try
        {
            await gateway.WaitUntilIngestingAsync(timeout, cancellationToken);
            return (gateway, Stopwatch.GetElapsedTime(process.StartedAt));
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the gateway (SIGTERM, a clean shutdown); true when it stopped by itself within the grace time.</summary>
    public Task<bool> StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Whether a <c>/healthz</c> body says the uplink pipeline runs.</summary>
    public static bool SaysIngesting(string healthJson)
    {
        try
        {
            using var document = JsonDocument.Parse(healthJson);
            return document.RootElement.TryGetProperty("checks", out var checks) &&
                checks.TryGetProperty("pipeline", out var pipeline) &&
                pipeline.TryGetProperty("data", out var data) &&
                data.TryGetProperty("running", out var running) &&
                running.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task WaitUntilIngestingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri(HttpUrl, "/healthz");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited while starting; its log: {LogFile}");
            }

            try
            {
                // Degraded (503) still says whether the pipeline runs: read the body whatever the status.
                using var response = await http.GetAsync(health, cancellationToken);
                if (SaysIngesting(await response.Content.ReadAsStringAsync(cancellationToken)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new InvalidOperationException($"the gateway did not say it ingests within {timeout.TotalSeconds:F0} s ({health}); its log: {LogFile}");
    }
}
