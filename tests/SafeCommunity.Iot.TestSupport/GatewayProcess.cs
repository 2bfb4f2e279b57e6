using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// The real gateway (safecomm-gateway.dll, copied beside the tests by a project reference to the gateway) as a child
/// process, as an operator runs it, on its own free HTTP and gRPC ports; killed with SIGKILL on demand.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _brokerConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Starts the gateway in <paramref name="workingDirectory"/> with <paramref name="settings"/> (<c>--Key=value</c>).</summary>
    public GatewayProcess(string workingDirectory, int httpPort, IEnumerable<string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        HttpPort = httpPort;
        GrpcPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "safecomm-gateway.dll"));
        start.ArgumentList.Add($"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}");
        start.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{GrpcPort}");

        // Run from another folder, the gateway does not read its appsettings.json: plaintext gRPC needs HTTP/2 alone.
        start.ArgumentList.Add("--Kestrel:Endpoints:Grpc:Protocols=Http2");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The health and metrics port.</summary>
    public int HttpPort { get; }

    /// <summary>The gRPC API's port (plaintext HTTP/2 on loopback).</summary>
    public int GrpcPort { get; }

    /// <summary>The embedded broker's port, for tests that publish into it.</summary>
    public int BrokerPort { get; init; }

    /// <summary>Everything it wrote to standard output and error so far.</summary>
    public string Log
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Its exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts the gateway on a free HTTP port and waits until it is ready (<see cref="WaitUntilReadyAsync"/>); a
    /// gateway that does not get ready is killed and the wait's exception, with its log, is thrown.
    /// </summary>
    public static async Task<GatewayProcess> StartReadyAsync(string workingDirectory, IEnumerable<string> settings, int brokerPort = 0)
    {
        var gateway = new GatewayProcess(workingDirectory, FreePort.Next(), settings) { BrokerPort = brokerPort };
        try
        {
            await gateway.WaitUntilReadyAsync();
            return gateway;
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the gateway listens and its LoRaWAN receiver has connected to its broker.</summary>
    public async Task WaitUntilReadyAsync()
    {
        try
        {
            await Task.WhenAll(_listening.Task, _brokerConnected.Task).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The gateway did not get ready. Its log:\n{Log}");
        }
    }

    /// <summary>Waits until the process has exited by itself.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The gateway did not exit. Its log:\n{Log}");
        }
    }

    /// <summary>The <c>telemetry</c> entry of <c>/healthz</c>'s data, whatever the overall status (503 while another check is unhealthy).</summary>
    public async Task<IReadOnlyDictionary<string, long>> TelemetryAsync()
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/healthz"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("checks").GetProperty("telemetry").GetProperty("data").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    /// <summary>The value of a Prometheus sample whose line starts with <paramref name="name"/> and contains <paramref name="label"/>.</summary>
    public async Task<double> MetricAsync(string name, string label)
    {
        var text = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{HttpPort}/metrics"));
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a power-less crash of the process.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(30_000);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(30_000);
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (line.Contains("Now listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }

        if (line.Contains("Connected to MQTT broker", StringComparison.Ordinal))
        {
            _brokerConnected.TrySetResult();
        }
    }
}
