using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.History.Trails;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.History.Archive;

/// <summary>
/// Reads the telemetry points back with InfluxQL on <c>/query</c> (InfluxDB 1.x, and the 1.x compatibility API of v2
/// servers). Times are asked and answered in nanoseconds (<c>epoch=ns</c>), the precision they were written with.
/// </summary>
public sealed class InfluxQlArchive : ITelemetryArchive, IDisposable
{
    private readonly InfluxQlEndpoint _endpoint;
    private readonly HttpClient _http;

    /// <summary>Creates the reader; it opens no connection until the first read.</summary>
    public InfluxQlArchive(InfluxQlEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = endpoint.Timeout };
    }

    /// <inheritdoc />
    // Scheme, host and port (Authority leaves out user:password, which a URL may carry): this text goes into logs and answers.
    public string Description => FormattableString.Invariant($"InfluxDB at {_endpoint.Url.Scheme}://{_endpoint.Url.Authority}, database {_endpoint.Database}");

    /// <inheritdoc />
    public async Task<ArchiveAnswer<HistoryPoint>> PositionsAsync(
        uint deviceId, DateTimeOffset from, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // Newest first so that LIMIT keeps the newest, as the embedded store's trail does; turned round below.
        var query = string.Create(CultureInfo.InvariantCulture,
            $"SELECT \"lat\", \"lon\", \"accuracy_m\", \"source\", \"receiver\" FROM \"{Measurements.Position}\" " +
            $"WHERE \"device\" = '{deviceId}' AND time >= {Nanoseconds(from)} AND time < {Nanoseconds(before)} ORDER BY time DESC LIMIT {limit}");
        var answer = await QueryAsync(query, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return ArchiveAnswer.Failed<HistoryPoint>(failure);
        }

        var points = new List<HistoryPoint>();
        foreach (var series in answer.Series)
        {
            foreach (var row in series.Rows)
            {
                if (row.Number("lat") is { } lat && row.Number("lon") is { } lon)
                {
                    var source = row.Text("source") == "gnss" ? LocationSource.Gnss : LocationSource.Receivers;
                    var location = new Location(new GeoPoint(lat, lon), row.Number("accuracy_m") ?? 0, source, row.Time);
                    points.Add(new HistoryPoint(location, row.Text("receiver"), TrailOrigin.InfluxDb));
                }
            }
        }

        var sorted = points.OrderBy(p => p.Location.At).ToList();
        // Gateways sharing a bucket that heard the same frame each wrote it (their gateway tags make two series): one
        // position per moment.
        return ArchiveAnswer.Of<HistoryPoint>(sorted.Where((p, i) => i == 0 || p.Location.At != sorted[i - 1].Location.At).ToList());
    }

    /// <inheritdoc />
    public async Task<ArchiveAnswer<ReceptionSignal>> ReceptionsAsync(
        uint deviceId, IReadOnlyCollection<string> receiverIds, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiverIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (receiverIds.Count == 0)
        {
            return ArchiveAnswer.Of<ReceptionSignal>([]);
        }

        // The receiver is a tag (indexed); the device is a field of reception (docs/telemetry-schema.md, cardinality).
        var receivers = string.Join(" OR ", receiverIds.Select(id => $"\"receiver\" = '{Quote(id)}'"));
        var query = string.Create(CultureInfo.InvariantCulture,
            $"SELECT \"rssi\", \"snr\" FROM \"{Measurements.Reception}\" WHERE ({receivers}) AND \"device\" = {deviceId} " +
            $"AND time >= {Nanoseconds(from)} AND time <= {Nanoseconds(until)} GROUP BY \"receiver\" LIMIT {limit}");
        var answer = await QueryAsync(query, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return ArchiveAnswer.Failed<ReceptionSignal>(failure);
        }

        var signals = answer.Series
            .SelectMany(series => series.Rows.Select(row => new ReceptionSignal(series.Tag("receiver") ?? string.Empty, row.Time, row.Number("rssi"), row.Number("snr"))))
            .OrderBy(s => s.At)
            .ToList();
        return ArchiveAnswer.Of<ReceptionSignal>(signals);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static long Nanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static string Quote(string tagValue) => tagValue.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    private async Task<InfluxQlResult> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("db", _endpoint.Database), new("q", query), new("epoch", "ns") };
        if (_endpoint.RetentionPolicy is { } policy)
        {
            form.Add(new("rp", policy));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoint.Url, "query"));
        request.Headers.Authorization = _endpoint.Authorization;
        request.Content = new FormUrlEncodedContent(form);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return InfluxQlResult.Failed(FormattableString.Invariant(
                    $"{Description} answered HTTP {(int)response.StatusCode} ({InfluxQlResult.ErrorOf(body) ?? response.ReasonPhrase})"));
            }

            return InfluxQlResult.Parse(body, Description);
        }
        catch (HttpRequestException exception)
        {
            return InfluxQlResult.Failed($"{Description} is unreachable ({exception.HttpRequestError}: {exception.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return InfluxQlResult.Failed(FormattableString.Invariant($"{Description} did not answer within {_endpoint.Timeout.TotalSeconds:0.#} s"));
        }
        catch (JsonException exception)
        {
            return InfluxQlResult.Failed($"{Description} answered something that is not InfluxQL's JSON ({exception.Message})");
        }
    }
}
