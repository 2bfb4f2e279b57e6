using System.Globalization;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>One sample of a Prometheus text exposition: metric name, labels and value.</summary>
/// <param name="Name">The metric name (<c>safecomm_uplinks_processed_total</c>).</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Value">Its value.</param>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Reads the Prometheus text format the gateway's <c>/metrics</c> serves. Never throws: a line it cannot read is
/// skipped and counted.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<PrometheusSample> _samples;

    private PrometheusText(List<PrometheusSample> samples, int skipped)
    {
        _samples = samples;
        Skipped = skipped;
    }

    /// <summary>Every sample.</summary>
    public IReadOnlyList<PrometheusSample> Samples => _samples;

    /// <summary>Lines that were neither a comment nor a sample.</summary>
    public int Skipped { get; }

    /// <summary>Reads <paramref name="text"/>.</summary>
    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var skipped = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line, out var sample))
            {
                samples.Add(sample);
            }
            else
            {
                skipped++;
            }
        }

        return new PrometheusText(samples, skipped);
    }

    /// <summary>The sum of <paramref name="name"/> over the samples whose labels include <paramref name="label"/> = <paramref name="value"/> (all when null).</summary>
    public double Sum(string name, string? label = null, string? value = null) =>
        _samples.Where(s => s.Name == name && (label is null || (s.Labels.TryGetValue(label, out var v) && v == value))).Sum(s => s.Value);

    /// <summary><paramref name="name"/>'s sums by the values of <paramref name="label"/>.</summary>
    public Dictionary<string, double> ByLabel(string name, string label) =>
        _samples.Where(s => s.Name == name && s.Labels.ContainsKey(label))
            .GroupBy(s => s.Labels[label], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

    private static bool TryParseLine(string line, out PrometheusSample sample)
    {
        sample = null!;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        string rest;
        if (brace > 0 && (space < 0 || brace < space))
        {
            name = line[..brace];
            var close = ReadLabels(line, brace + 1, labels);
            if (close < 0)
            {
                return false;
            }

            rest = line[(close + 1)..].Trim();
        }
        else if (space > 0)
        {
            name = line[..space];
            rest = line[space..].Trim();
        }
        else
        {
            return false;
        }

        // A timestamp may follow the value.
        var valueText = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (valueText is null || !TryParseValue(valueText, out var value))
        {
            return false;
        }

        sample = new PrometheusSample(name, labels, value);
        return true;
    }

    /// <summary>Reads <c>a="x",b="y"</c> from <paramref name="start"/>; the index of the closing brace, or -1.</summary>
    private static int ReadLabels(string line, int start, Dictionary<string, string> labels)
    {
        var i = start;
        while (i < line.Length)
        {
            if (line[i] == '}')
            {
                return i;
            }

            var equals = line.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                return -1;
            }

            var key = line[i..equals].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            var j = equals + 2;
            for (; j < line.Length && line[j] != '"'; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    j++;
                    value.Append(line[j] == 'n' ? '\n' : line[j]);
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            if (j >= line.Length)
            {
                return -1;
            }

            labels[key] = value.ToString();
            i = j + 1;
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
        }

        return -1;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
