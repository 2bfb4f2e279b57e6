using System.Text.Json;
using SafeCommunity.Iot.LoadTest.Running;
using SafeCommunity.Iot.LoadTest.Tests.Support;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.LoadTest.Tests.Running;

/// <summary>
/// The whole tool at a small scale against the real gateway process, a real Mosquitto broker and a socat
/// pseudo-terminal pair, so the tool keeps working. It checks what was delivered, never how fast.
/// </summary>
public class LoadTestSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SmallRun_EveryFrameAccepted_AndEveryAlarmMatched()
    {
        var report = Path.Combine(Path.GetTempPath(), $"safecomm-loadtest-{Guid.NewGuid():N}.json");
        using var printed = new StringWriter();
        using var errors = new StringWriter();
        try
        {
            var exit = await LoadTestApp.RunAsync(
                ["--devices", "200", "--rate", "300", "--duration", "5s", "--alarm-share", "0.01", "--mqtt-connections", "2",
                 "--serial-ports", "1", "--serial-rate", "20", "--interval", "2s",
                 "--gateway-dll", TestPaths.GatewayDll, "--seed-file", TestPaths.SeedFile, "--report", report],
                printed,
                errors,
                CancellationToken.None);
            output.WriteLine(printed.ToString());
            output.WriteLine(errors.ToString());

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var root = json.RootElement;
            var throughput = root.GetProperty("throughput");
            Assert.Equal(1500, throughput.GetProperty("mqttPublished").GetInt64());
            Assert.Equal(0, throughput.GetProperty("mqttPublishFailures").GetInt64());
            Assert.Equal(100, throughput.GetProperty("serialSent").GetInt64());
            Assert.Equal(1600, throughput.GetProperty("accepted").GetDouble());
            Assert.Equal(0, throughput.GetProperty("notAccepted").GetDouble());
            Assert.Equal(100, throughput.GetProperty("gatewayReceived").GetProperty("serial").GetDouble());
            Assert.True(throughput.GetProperty("telemetrySpooled").GetDouble() > 0);

            var alarms = root.GetProperty("alarms");
            Assert.Equal(15, alarms.GetProperty("sent").GetInt32());
            Assert.Equal(15, alarms.GetProperty("matched").GetInt32());
            Assert.Equal(0, alarms.GetProperty("missing").GetInt32());
            Assert.Equal(15, alarms.GetProperty("latencyMs").GetProperty("count").GetInt32());

            Assert.True(root.GetProperty("startUp").GetProperty("restartSeconds").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("memory").GetProperty("perDeviceAtStartBytes").ValueKind);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("cpu").GetProperty("percentOfCore").ValueKind);
            Assert.True(root.GetProperty("intervals").GetArrayLength() >= 2);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task MissingGatewayBuild_ExitsWithOneAndSaysWhere()
    {
        using var printed = new StringWriter();
        using var errors = new StringWriter();

        var exit = await LoadTestApp.RunAsync(
            ["--devices", "20", "--serial-ports", "0", "--gateway-dll", "/nonexistent/safecomm-gateway.dll", "--seed-file", TestPaths.SeedFile, "--no-baseline"],
            printed,
            errors,
            CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.StartsWith("safecomm-loadtest: the gateway is not built at /nonexistent/safecomm-gateway.dll", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadOption_ExitsWithTwo()
    {
        using var printed = new StringWriter();
        using var errors = new StringWriter();

        var exit = await LoadTestApp.RunAsync(["--rate", "fast"], printed, errors, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("safecomm-loadtest: --rate 'fast' is not a number from 0 to 1000000\nRun with --help for usage.\n", errors.ToString().ReplaceLineEndings("\n"));
    }
}
