using System.Diagnostics;
using System.Net;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Gateway.Tests.Hosting;

/// <summary>The gateway as an operator starts it: a process with no configuration and no external server.</summary>
public sealed class GatewayProcessTests
{
    [Fact]
    public async Task GatewayProcess_WithNoConfiguration_StartsSaysWhereItsDataLivesAndStopsCleanly()
    {
        using var workingDirectory = new TempDirectory();
        var port = FreePort.Next();
        var output = new List<string>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gateway = GatewayProcess(workingDirectory.Path, output, line =>
        {
            if (line.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }, $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{port}");
        gateway.Start();
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient();
            var (status, _) = await Healthz.WhenOkAsync(http, new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            using var term = Process.Start("kill", ["-TERM", gateway.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var log = string.Join('\n', output);
        var databasePath = Path.Combine(workingDirectory.Path, "data", "gateway.db");
        Assert.Contains(databasePath, log, StringComparison.Ordinal);
        Assert.True(File.Exists(databasePath));
        Assert.Equal(0, gateway.ExitCode);
    }

    [Fact]
    public async Task GatewayProcess_WithABadGatewayId_StopsAtStartWithTheSettingsNameAndAFailingExitCode()
    {
        using var workingDirectory = new TempDirectory();
        var output = new List<string>();
        using var gateway = GatewayProcess(workingDirectory.Path, output, _ => { }, $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{FreePort.Next()}", "--Gateway:Id=wufu 2");
        gateway.Start();
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, gateway.ExitCode);
        lock (output)
        {
            Assert.Contains(output, line => line.Contains("Gateway:Id must be", StringComparison.Ordinal));
        }
    }

    /// <summary>The published gateway as a process on free ports; every line it writes goes to <paramref name="output"/>.</summary>
    private static Process GatewayProcess(string workingDirectory, List<string> output, Action<string> onLine, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "safecomm-gateway.dll"),
                $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePort.Next()}",
                $"--Receivers:LoRaWan:Broker:Port={FreePort.Next()}",
            },
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            onLine(e.Data);
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        return process;
    }
}
