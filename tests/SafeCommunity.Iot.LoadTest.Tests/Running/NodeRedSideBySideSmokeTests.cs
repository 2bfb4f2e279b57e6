using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SafeCommunity.Iot.LoadTest.Tests.Support;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.LoadTest.Tests.Running;

/// <summary>
/// bench/node-red: the Node-RED flow's self-test (the shared protocol vectors through its decode function, MIC and
/// replay checks), and a tiny run of <c>side-by-side.sh</c> (SMOKE=1: 600 frames at 150/s against Node-RED and then
/// against the gateway, Node-RED installed from the npm registry when missing) that must print both rows with
/// nothing lost and every SOS seen. The benchmark itself is not part of the suite; this keeps the script working.
/// It checks what was delivered, never how fast.
/// </summary>
public class NodeRedSideBySideSmokeTests(ITestOutputHelper output)
{
    private static string Bench => Path.Combine(TestPaths.Root, "bench", "node-red");

    [Fact]
    public async Task Selftest_DecodesTheSharedVectors_AndChecksMicAndReplay()
    {
        var (exit, text) = await RunAsync("node", [Path.Combine(Bench, "selftest.js")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        output.WriteLine(text);

        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^[1-9][0-9]* passed, 0 failed$", text);
    }

    [Fact]
    public async Task SideBySideSmoke_PrintsBothRows_WithNothingLost()
    {
        var environment = new Dictionary<string, string>
        {
            ["SMOKE"] = "1",
            ["LOADTEST_DLL"] = Path.Combine(AppContext.BaseDirectory, "safecomm-loadtest.dll"),
            ["GATEWAY_DLL"] = TestPaths.GatewayDll,
        };
        var (exit, text) = await RunAsync("bash", [Path.Combine(Bench, "side-by-side.sh")], environment, TimeSpan.FromMinutes(6));
        output.WriteLine(text);

        Assert.Equal(0, exit);
        Assert.Contains("SMOKE OK", text, StringComparison.Ordinal);
        var rows = text.Split('\n')
            .Where(l => l.StartsWith("SIDE_BY_SIDE ", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["SIDE_BY_SIDE ".Length..]).RootElement)
            .ToList();
        Assert.Equal(new[] { "node-red", "gateway" }, rows.Select(r => r.GetProperty("system").GetString()!).ToArray());
        foreach (var row in rows)
        {
            Assert.Equal(600, row.GetProperty("sent").GetInt64());
            Assert.Equal(600, row.GetProperty("accepted").GetDouble());
            Assert.Equal(600, row.GetProperty("written").GetInt64());
            Assert.Equal(0, row.GetProperty("lost").GetDouble());
            Assert.True(row.GetProperty("sos_sent").GetInt32() > 0);
            Assert.Equal(row.GetProperty("sos_sent").GetInt32(), row.GetProperty("sos_matched").GetInt32());
            Assert.Equal(JsonValueKind.Number, row.GetProperty("cpu_pct_core").ValueKind);
            Assert.Equal(JsonValueKind.Number, row.GetProperty("rss_peak_mib").ValueKind);
        }

        Assert.Matches(@"(?m)^node-red +150 ", text);
        Assert.Matches(@"(?m)^gateway +150 ", text);
        Assert.Matches(@"(?m)^gw÷NR ", text);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var text = new StringBuilder();
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (text)
                {
                    text.Append(e.Data).Append('\n');
                }
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: the script stops what it started (by PID) and removes its folder; then the rest of the tree.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {timeout.TotalSeconds:F0} s:\n{text}");
        }

        process.WaitForExit();
        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }
}
