using System.Net.Sockets;
using System.Text;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;

namespace SafeCommunity.Iot.Telemetry.Writers;

/// <summary>
/// The v2 write API (<c>/api/v2/write</c>) through InfluxDB.Client's <see cref="WriteApiAsync"/>, which neither
/// batches nor retries: batching, retries and durability are the spool's. Works with InfluxDB 2.x, InfluxDB 3 Core
/// and InfluxDB 1.8+ (and with servers that take InfluxDB's write API, like VictoriaMetrics).
/// </summary>
public sealed class InfluxV2Writer : ITelemetryWriter
{
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writeApi;
    private readonly string _bucket;
    private readonly string _org;

    /// <summary>Creates a client for <paramref name="url"/>; <paramref name="token"/> may be empty for servers without authentication.</summary>
    public InfluxV2Writer(string url, string org, string bucket, string? token, TimeSpan timeout, bool gzip)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        var builder = new InfluxDBClientOptions.Builder().Url(url).Org(org).Bucket(bucket).TimeOut(timeout);
        if (!string.IsNullOrEmpty(token))
        {
            builder.AuthenticateToken(token);
        }

        _client = new InfluxDBClient(builder.Build());
        if (gzip)
        {
            _client.EnableGzip();
        }

        _writeApi = _client.GetWriteApiAsync();
        _bucket = bucket;
        _org = org;
        Target = url;
    }

    /// <inheritdoc />
    public string Target { get; }

    /// <inheritdoc />
    public string Api => "InfluxDB v2 write API";

    /// <inheritdoc />
    public async Task<WriteOutcome> WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(lines.Span);
        try
        {
            await _writeApi.WriteRecordAsync(text, WritePrecision.Ns, _bucket, _org, cancellationToken);
            return WriteOutcome.Written;
        }
        catch (HttpException exception)
        {
            // Status 0: no HTTP answer at all (connection refused, reset, timed out).
            var retryAfter = exception.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return exception.Status == 0
                ? WriteOutcome.NoAnswer(exception)
                : WriteOutcome.FromStatus(exception.Status, exception.Message, retryAfter);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or InfluxException ||
                                          (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return WriteOutcome.NoAnswer(exception);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
