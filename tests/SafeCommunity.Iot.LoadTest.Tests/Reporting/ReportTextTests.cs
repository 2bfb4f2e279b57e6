using System.Text.Json;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Reporting;

namespace SafeCommunity.Iot.LoadTest.Tests.Reporting;

public class ReportTextTests
{
    [Fact]
    public void Render_ShowsStartUpMemoryThroughputAndAlarms()
    {
        var text = ReportText.Render(Report());

        Assert.Contains("restart with N    3.10 s", text, StringComparison.Ordinal);
        Assert.Contains("→ 900 bytes per enrolled device", text, StringComparison.Ordinal);
        Assert.Contains("DROPPED           5 (sent − accepted)", text, StringComparison.Ordinal);
        Assert.Contains("p50 12.0 ms, p90 20.0 ms, p99 40.0 ms, max 41.0 ms", text, StringComparison.Ordinal);
        Assert.Contains("2 sent, 2 matched, 0 MISSING", text, StringComparison.Ordinal);
        Assert.Contains("to the gateway    p50 3.0 ms, p90 4.0 ms, p99 5.0 ms", text, StringComparison.Ordinal);
        Assert.Contains("through it        p50 9.0 ms, p90 16.0 ms, p99 35.0 ms", text, StringComparison.Ordinal);
        Assert.Contains("worst full interval 19,500 frames/s", text, StringComparison.Ordinal);
        Assert.Contains("Note: a note", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_KeepsEveryFigureUnderCamelCaseNames()
    {
        using var json = JsonDocument.Parse(ReportText.ToJson(Report()));
        var root = json.RootElement;

        Assert.Equal(3.1, root.GetProperty("startUp").GetProperty("restartSeconds").GetDouble());
        Assert.Equal(900, root.GetProperty("memory").GetProperty("perDeviceAtStartBytes").GetDouble());
        Assert.Equal(5, root.GetProperty("throughput").GetProperty("notAccepted").GetDouble());
        Assert.Equal(40, root.GetProperty("alarms").GetProperty("latencyMs").GetProperty("p99").GetDouble());
        Assert.Equal(2, root.GetProperty("intervals").GetArrayLength());
    }

    private static LoadReport Report() => new()
    {
        Setup = new RunSetup(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), "spawned", 1000, 900, 100, 20000, 60, 0.001, 8, 2, 200, "gw.dll", 2, 1.5, 2.5),
        StartUp = new StartUpTimes(1.2, 4.5, 3.1, 3.3),
        Memory = new MemoryFigures(100_000_000, 100_900_000, 101_000_000, 101_500_000, 900, 1000, 5e6, 6e6, "difference of resident sets"),
        Throughput = new ThroughputFigures
        {
            MqttPlanned = 100,
            MqttHanded = 100,
            MqttPublished = 100,
            SerialSent = 10,
            GatewayReceived = new Dictionary<string, double> { ["lorawan"] = 100 },
            Accepted = 105,
            Rejected = new Dictionary<string, double> { ["replay"] = 5 },
            NotAccepted = 5,
            SendSeconds = 60,
            SentPerSecond = 20000,
            AcceptedPerSecondOverall = 19900,
            AcceptedPerSecondWorstInterval = 19500,
            MaxQueues = new Dictionary<string, double> { ["ingress"] = 10 },
        },
        Intervals = [new IntervalFigures(0, 10, 20000, 19500, 150, 100_000_000, 100, 5), new IntervalFigures(10, 20, 20000, 20500, 160, 100_500_000, 80, 4)],
        Cpu = new CpuFigures(155, 77.5, 160),
        Alarms = new AlarmResult(2, 2, 0, new Dictionary<string, int>(), new LatencySummary(2, 12, 20, 40, 41, 26), new LatencySummary(2, 3, 4, 5, 5, 4), new LatencySummary(2, 9, 16, 35, 36, 22)),
        Notes = ["a note"],
    };
}
