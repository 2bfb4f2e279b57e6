using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Reporting;

/// <summary>The report as a person reads it, and as JSON.</summary>
internal static class ReportText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as JSON.</summary>
    public static string ToJson(LoadReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>The report as text.</summary>
    public static string Render(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var setup = report.Setup;
        Line(text, $"SafeCommunity load test, {setup.StartedAt:yyyy-MM-dd HH:mm} UTC ({setup.Mode})");
        Line(text, $"  gateway           {setup.Gateway}");
        Line(text, $"  machine           {setup.Cores} cores, load average {setup.LoadAverageBefore:F2} before, {setup.LoadAverageAfter:F2} after");
        Line(text, $"  devices           {setup.Devices:N0} enrolled ({setup.LoRaWanDevices:N0} LoRaWAN, {setup.SerialDevices:N0} serial)");
        Line(text, $"  traffic           {setup.MqttRate:N0} MQTT uplinks/s over {setup.MqttConnections} connections for {setup.DurationSeconds:N0} s, {setup.AlarmShare:P2} SOS; {setup.SerialPorts} serial ports at {setup.SerialRatePerPort:N0} records/s each");

        if (report.StartUp is { } startUp)
        {
            Heading(text, "Start-up (process start → /healthz says the pipeline runs)");
            if (startUp.EmptyGatewaySeconds is { } empty)
            {
                Line(text, $"  no devices        {empty:F2} s");
            }

            Line(text, $"  importing N       {startUp.ImportStartSeconds:F2} s   (fresh data directory, Storage:ImportOnStart)");
            Line(text, $"  restart with N    {startUp.RestartSeconds:F2} s   (same data directory, devices already enrolled)");
            Line(text, $"  receivers linked  {startUp.ReceiversConnectedSeconds:F2} s   (after the restart: serial links up, MQTT subscribed)");
        }

        var memory = report.Memory;
        Heading(text, "Memory (gateway resident set)");
        Line(text, $"  baseline          {Mib(memory.BaselineRssBytes)}   (same gateway, no device enrolled)");
        Line(text, $"  after start       {Mib(memory.StartRssBytes)}   → {PerDevice(memory.PerDeviceAtStartBytes)} per enrolled device");
        Line(text, $"  after the run     {Mib(memory.EndRssBytes)}   → {PerDevice(memory.PerDeviceAfterRunBytes)} per enrolled device; peak {Mib(memory.MaxRssBytes)}");
        Line(text, $"  managed heap      {Mib((long?)memory.GcHeapStartBytes)} at start, {Mib((long?)memory.GcHeapEndBytes)} at the end (after the last GC)");
        Line(text, $"  method            {memory.Method}");

        var t = report.Throughput;
        Heading(text, "Throughput");
        Line(text, $"  MQTT              {t.MqttPublished:N0} published of {t.MqttHanded:N0} handed ({t.MqttPlanned:N0} planned); {t.MqttPublishFailures:N0} publish failures, {t.MqttNoSubscribers:N0} with no subscriber");
        Line(text, $"  slowed down       asked {setup.MqttRate:N0} uplinks/s, handed {t.MqttHanded / Math.Max(1e-9, t.SendSeconds):N0}/s: the pace waited {t.MqttHeldBackSeconds:F1} s for room in the publishers' queues; the embedded broker held {t.BrokerHeld:N0} publishes for {t.BrokerHeldSeconds:F1} s in total and dropped {t.BrokerDropped:N0}");
        Line(text, $"  serial            {t.SerialSent:N0} link records sent, {t.SerialDropped:N0} dropped by the tool");
        Line(text, $"  gateway received  {Pairs(t.GatewayReceived)}");
        Line(text, $"  accepted          {t.Accepted:N0}; other outcomes: {Pairs(t.Rejected)}");
        Line(text, $"  DROPPED           {t.NotAccepted:N0} (sent − accepted)");
        Line(text, $"  sent              {t.SentPerSecond:N0} frames/s ({t.SendSeconds:F1} s of sending, and the publishers' catching up)");
        Line(text, $"  accepted          {t.AcceptedPerSecondOverall:N0} frames/s overall (until all accepted, {t.DrainSeconds:F1} s after sending ended); worst full interval {Rate(t.AcceptedPerSecondWorstInterval)}");
        Line(text, $"  max queues        {Pairs(t.MaxQueues)}");
        Line(text, $"  telemetry         {t.TelemetrySpooled:N0} points spooled, {t.TelemetryDropped:N0} dropped");

        Heading(text, "Intervals");
        Heading(text, "      from-to s   sent/s  accepted/s  CPU % core      RSS  pipeline queue  telemetry queue");
        foreach (var i in report.Intervals)
        {
            Line(text, $"  {i.FromSeconds,6:F0}-{i.ToSeconds,-5:F0} {i.SentPerSecond,8:N0} {i.AcceptedPerSecond,11:N0} {Percent(i.CpuPercentOfCore),11} {Mib(i.RssBytes),8} {i.MaxPipelineQueued,15:N0} {i.MaxTelemetryQueue,16:N0}");
        }

        var cpu = report.Cpu;
        Heading(text, "Gateway CPU while sending");
        Line(text, $"  {Percent(cpu.PercentOfCore)} of one core, {Percent(cpu.PercentOfMachine)} of the machine; busiest interval {Percent(cpu.MaxIntervalPercentOfCore)} of one core");
        Line(text, $"  beside it         the load tool {Percent(cpu.LoadToolPercentOfCore)} of one core, the broker {(cpu.BrokerPercentOfCore is null ? "n/a (the embedded broker is inside the gateway's figure; a broker the tool did not start is not measured)" : Percent(cpu.BrokerPercentOfCore))}");

        Line(text, $"  collections       paused {cpu.GcPauseSeconds:F2} s in total for garbage collection, {cpu.Gen2Collections:N0} full (gen 2)");

        var alarms = report.Alarms;
        var latency = alarms.LatencyMs;
        Heading(text, $"Alarms (SOS frame sent → alarm event received on {report.Setup.AlarmSource})");
        Line(text, $"  frames            {alarms.Sent:N0} sent, {alarms.Matched:N0} matched, {alarms.Missing:N0} MISSING; other alarm events (answering no frame): {Pairs(alarms.Unexpected.ToDictionary(p => p.Key, p => (double)p.Value))}");
        Line(text, $"  latency           {Percentiles(latency)}");
        if (alarms.ToGatewayMs.Count > 0)
        {
            Line(text, $"  to the gateway    {Percentiles(alarms.ToGatewayMs)} (sent → heard: publisher, broker and its queue)");
            Line(text, $"  through it        {Percentiles(alarms.ThroughGatewayMs)} (heard → event received: pipeline, store, stream)");
        }

        if (alarms.Slowest.Count > 0)
        {
            Line(text, $"  slowest           {string.Join("; ", alarms.Slowest.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.LatencyMs:F0} ms sent at {s.SentAt:HH:mm:ss.f}{(s.ToGatewayMs is { } to ? $" ({to:F0} ms to the gateway)" : string.Empty)}")))}");
        }

        if (alarms.GatewayP99AtMostMs is { } p99)
        {
            Line(text, $"  inside, counted   {alarms.GatewayWithin50Ms:N0} of {alarms.GatewayCounted:N0} alarm events stored and published within 50 ms of hearing their frame; p99 ≤ {p99:N0} ms (the gateway's safecomm_alarms_latency histogram)");
        }

        foreach (var note in report.Notes)
        {
            Heading(text, "Note: " + note);
        }

        return text.ToString();
    }

    private static string Percentiles(LatencySummary latency) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {latency.P50:F1} ms, p90 {latency.P90:F1} ms, p99 {latency.P99:F1} ms, max {latency.Max:F1} ms (mean {latency.Mean:F1} ms, n = {latency.Count})");

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Heading(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Mib(long? bytes) =>
        bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:F1} MiB") : "n/a";

    private static string PerDevice(double? bytes) =>
        bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b:F0} bytes") : "n/a";

    private static string Rate(double? perSecond) =>
        perSecond is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:N0} frames/s") : "n/a (no full interval)";

    private static string Percent(double? percent) =>
        percent is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:F0} %") : "n/a";

    private static string Pairs(IReadOnlyDictionary<string, double> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:N0}")));
}
