using System.Net;
using System.Text.Json;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// VictoriaMetrics (Debian's <c>victoria-metrics</c>), which takes InfluxDB's <c>/api/v2/write</c> as InfluxDB.Client
/// sends it. It keeps duplicate samples (no <c>-dedup.minScrapeInterval</c>), so a point written twice shows as two.
/// </summary>
public sealed class VictoriaMetricsServer : ServerProcess
{
    /// <summary>A server on a free port and its own folder; call <see cref="ServerProcess.StartAsync"/>.</summary>
    public VictoriaMetricsServer()
        : base("victoria-metrics", "victoria-metrics")
    {
    }

    /// <summary>
    /// Every sample of the series whose name matches <paramref name="nameRegex"/> (a field <c>counter</c> of
    /// measurement <c>uplink</c> is the series <c>uplink_counter</c>), as (labels, value) pairs.
    /// </summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value, long Timestamp)>> ExportAsync(string nameRegex)
    {
        using (var flush = await Http.GetAsync(new Uri(Url, "internal/force_flush")))
        {
            flush.EnsureSuccessStatusCode();
        }

        using var content = new FormUrlEncodedContent([new("match[]", $"{{__name__=~\"{nameRegex}\"}}")]);
        using var response = await Http.PostAsync(new Uri(Url, "api/v1/export"), content);
        response.EnsureSuccessStatusCode();
        var samples = new List<(IReadOnlyDictionary<string, string>, double, long)>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var labels = json.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var values = json.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var timestamps = json.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                samples.Add((labels, values[i], timestamps[i]));
            }
        }

        return samples;
    }

    /// <inheritdoc />
    protected override Task<string[]> ArgumentsAsync() => Task.FromResult<string[]>(
        ["-storageDataPath", Path.Combine(Directory, "data"), "-httpListenAddr", $"127.0.0.1:{Port}", "-retentionPeriod", "100y", "-loggerLevel", "ERROR"]);

    /// <inheritdoc />
    protected override Task<bool> IsReadyAsync() => AnswersAsync("health", HttpStatusCode.OK);
}
