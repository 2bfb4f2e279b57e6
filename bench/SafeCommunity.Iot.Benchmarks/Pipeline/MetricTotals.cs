using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>Sums the gateway's counters (and counts its histograms' records) by instrument name, in process.</summary>
internal sealed class MetricTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Count, double Sum)> _histograms = new(StringComparer.Ordinal);

    public MetricTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("SafeCommunity.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            _totals.AddOrUpdate(instrument.Name, static (_, v) => v, static (_, total, v) => total + v, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>The sum of a counter.</summary>
    public long Total(string name) => _totals.GetValueOrDefault(name);

    /// <summary>The mean of a histogram's records, or 0.</summary>
    public double Mean(string name) => _histograms.TryGetValue(name, out var h) && h.Count > 0 ? h.Sum / h.Count : 0;

    /// <summary>How many records a histogram has.</summary>
    public long Records(string name) => _histograms.TryGetValue(name, out var h) ? h.Count : 0;

    public void Dispose() => _listener.Dispose();

    // The static lambdas keep the listener from allocating a closure per measurement (and so from skewing the
    // allocations per frame the benchmark reports).
    private void Record(string name, double value) =>
        _histograms.AddOrUpdate(name, static (_, v) => (1, v), static (_, h, v) => (h.Count + 1, h.Sum + v), value);
}
