using System.Diagnostics;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// Samples the gateway once a second while a run goes on: its CPU time and resident memory from /proc (when its
/// process id is known) and its /metrics, with the tool's own count of frames sent. Several gateways of one store
/// (docs/scale-out.md) are sampled as one: their CPU, memory and counters added up.
/// </summary>
internal sealed class RunSampler : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly IReadOnlyList<Uri> _metrics;
    private readonly IReadOnlyList<int> _pids;
    private readonly Func<long> _framesSent;
    private readonly List<RunSample> _samples = [];
    private long _origin;

    /// <summary>Samples the gateways at <paramref name="httpUrls"/> (processes <paramref name="pids"/>, when known), with <paramref name="framesSent"/> from the tool.</summary>
    public RunSampler(IReadOnlyList<Uri> httpUrls, IReadOnlyList<int> pids, Func<long> framesSent)
    {
        _metrics = [.. httpUrls.Select(url => new Uri(url, "/metrics"))];
        _pids = pids;
        _framesSent = framesSent;
        _origin = Stopwatch.GetTimestamp();
    }

    /// <summary>Scrapes that failed (timed out or refused).</summary>
    public int FailedScrapes { get; private set; }

    /// <summary>The samples so far.</summary>
    public IReadOnlyList<RunSample> Samples => _samples;

    /// <summary>Makes "now" second 0 of the run.</summary>
    public void StartClock() => _origin = Stopwatch.GetTimestamp();

    /// <summary>Takes samples every <paramref name="every"/> until <paramref name="cancellationToken"/>.</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                await SampleAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Takes one sample now and keeps it.</summary>
    public async Task<RunSample> SampleAsync(CancellationToken cancellationToken)
    {
        var at = Stopwatch.GetElapsedTime(_origin).TotalSeconds;
        var process = ReadProcesses();
        var sent = _framesSent();
        var counters = await ScrapeAsync(cancellationToken);
        var sample = new RunSample(at, process?.CpuSeconds, process?.RssBytes, counters, sent);
        lock (_samples)
        {
            _samples.Add(sample);
        }

        return sample;
    }

    /// <summary>One scrape of every gateway's /metrics, added up, or null when one did not answer.</summary>
    public async Task<GatewayCounters?> ScrapeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Counters with the same name and labels add up across the texts (PrometheusText sums samples).
            var texts = await Task.WhenAll(_metrics.Select(url => _http.GetStringAsync(url, cancellationToken)));
            return GatewayCounters.From(PrometheusText.Parse(string.Join('\n', texts)));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            FailedScrapes++;
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private (double CpuSeconds, long RssBytes)? ReadProcesses()
    {
        if (_pids.Count == 0)
        {
            return null;
        }

        var (cpu, rss) = (0.0, 0L);
        foreach (var pid in _pids)
        {
            if (ProcFs.Read(pid) is not { } process)
            {
                return null;
            }

            (cpu, rss) = (cpu + process.CpuSeconds, rss + process.RssBytes);
        }

        return (cpu, rss);
    }
}
