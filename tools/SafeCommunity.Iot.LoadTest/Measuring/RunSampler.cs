using System.Diagnostics;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// Samples the gateway once a second while a run goes on: its CPU time and resident memory from /proc (when its
/// process id is known) and its /metrics, with the tool's own count of frames sent.
/// </summary>
internal sealed class RunSampler : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Uri _metrics;
    private readonly int? _pid;
    private readonly Func<long> _framesSent;
    private readonly List<RunSample> _samples = [];
    private long _origin;

    /// <summary>Samples the gateway at <paramref name="httpUrl"/> (process <paramref name="pid"/>), with <paramref name="framesSent"/> from the tool.</summary>
    public RunSampler(Uri httpUrl, int? pid, Func<long> framesSent)
    {
        _metrics = new Uri(httpUrl, "/metrics");
        _pid = pid;
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
        var process = _pid is { } pid ? ProcFs.Read(pid) : null;
        var sent = _framesSent();
        var counters = await ScrapeAsync(cancellationToken);
        var sample = new RunSample(at, process?.CpuSeconds, process?.RssBytes, counters, sent);
        lock (_samples)
        {
            _samples.Add(sample);
        }

        return sample;
    }

    /// <summary>One scrape of /metrics, or null when it did not answer.</summary>
    public async Task<GatewayCounters?> ScrapeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = await _http.GetStringAsync(_metrics, cancellationToken);
            return GatewayCounters.From(PrometheusText.Parse(text));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            FailedScrapes++;
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
