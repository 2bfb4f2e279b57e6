using System.Text.Json;

namespace SafeCommunity.Iot.History.Archive;

/// <summary>
/// The JSON InfluxQL answers with (<c>{"results":[{"statement_id":0,"series":[{"name","tags","columns","values"}]}]}</c>,
/// or an <c>error</c> in the result or at the top), for one statement.
/// </summary>
internal sealed class InfluxQlResult
{
    private InfluxQlResult(IReadOnlyList<InfluxQlSeries> series, string? failure)
    {
        Series = series;
        Failure = failure;
    }

    public IReadOnlyList<InfluxQlSeries> Series { get; }

    public string? Failure { get; }

    public static InfluxQlResult Failed(string failure) => new([], failure);

    public static InfluxQlResult Parse(string body, string source)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (ErrorIn(root) is { } topError)
        {
            return Failed($"{source} refused the query: {topError}");
        }

        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
        {
            return Failed($"{source} answered without results");
        }

        var result = results[0];
        if (ErrorIn(result) is { } error)
        {
            return Failed($"{source} refused the query: {error}");
        }

        if (!result.TryGetProperty("series", out var seriesArray))
        {
            return new InfluxQlResult([], null);
        }

        var series = new List<InfluxQlSeries>();
        foreach (var item in seriesArray.EnumerateArray())
        {
            var tags = item.TryGetProperty("tags", out var tagObject)
                ? tagObject.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var columns = item.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToArray();
            var rows = item.TryGetProperty("values", out var values)
                ? values.EnumerateArray().Select(v => new InfluxQlRow(columns, v.EnumerateArray().Select(e => e.Clone()).ToArray())).ToList()
                : [];
            series.Add(new InfluxQlSeries(tags, rows));
        }

        return new InfluxQlResult(series, null);
    }

    /// <summary>The <c>error</c> of an InfluxDB error body, or null when the body has none.</summary>
    public static string? ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return ErrorIn(json.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorIn(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("error", out var error) ? error.ToString() : null;
}

/// <summary>One series of an InfluxQL answer: its tags (with <c>GROUP BY</c>) and rows.</summary>
internal sealed record InfluxQlSeries(IReadOnlyDictionary<string, string> Tags, IReadOnlyList<InfluxQlRow> Rows)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One row: values by column name; the <c>time</c> column in nanoseconds (<c>epoch=ns</c>), read when the answer is parsed.</summary>
internal sealed class InfluxQlRow
{
    private readonly string[] _columns;
    private readonly JsonElement[] _values;

    public InfluxQlRow(string[] columns, JsonElement[] values)
    {
        _columns = columns;
        _values = values;
        Time = Value("time") is { ValueKind: JsonValueKind.Number } time
            ? DateTimeOffset.UnixEpoch.AddTicks(time.GetInt64() / 100)
            : throw new JsonException("a row without a time in nanoseconds");
    }

    public DateTimeOffset Time { get; }

    public double? Number(string column) => Value(column) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public string? Text(string column) => Value(column) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private JsonElement? Value(string column)
    {
        var index = Array.IndexOf(_columns, column);
        return index >= 0 && index < _values.Length ? _values[index] : null;
    }
}
