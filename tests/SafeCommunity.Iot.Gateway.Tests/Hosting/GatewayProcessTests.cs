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
        using var gateway = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "safecomm-gateway.dll"),
                    $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{port}",
                    $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePort.Next()}",
                    $"--Receivers:LoRaWan:Broker:Port={FreePort.Next()}",
                },
                WorkingDirectory = workingDirectory.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        gateway.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
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
}
