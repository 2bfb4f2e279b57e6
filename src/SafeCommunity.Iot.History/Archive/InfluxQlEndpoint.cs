using System.Net.Http.Headers;
using System.Text;
using SafeCommunity.Iot.Telemetry.Hosting;

namespace SafeCommunity.Iot.History.Archive;

/// <summary>
/// Where and how InfluxQL is asked: the <c>/query</c> endpoint of the server telemetry writes to, the database (and
/// retention policy) it writes into, and the same credentials.
/// </summary>
/// <param name="Url">The server.</param>
/// <param name="Database">The database: <c>Telemetry:Database</c> (1.x), or the bucket (v2; <c>db/rp</c> on 1.8+).</param>
/// <param name="RetentionPolicy">The retention policy, or null for the database's default.</param>
/// <param name="Authorization">Basic (1.x user and password) or Token (v2), or null without authentication.</param>
/// <param name="Timeout">How long one query may take.</param>
public sealed record InfluxQlEndpoint(Uri Url, string Database, string? RetentionPolicy, AuthenticationHeaderValue? Authorization, TimeSpan Timeout)
{
    /// <summary>
    /// The endpoint for the server of <paramref name="options"/>. A v2 server answers InfluxQL through its 1.x
    /// compatibility API with the bucket as the database (InfluxDB 2.x needs a DBRP mapping for it; InfluxDB 1.8+ takes
    /// <c>database/retention-policy</c>; InfluxDB 3 Core takes the database name).
    /// </summary>
    public static InfluxQlEndpoint From(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = new Uri(options.Url!.EndsWith('/') ? options.Url : options.Url + "/");
        if (options.Api == InfluxApi.V1)
        {
            var basic = string.IsNullOrEmpty(options.Username)
                ? null
                : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
            return new InfluxQlEndpoint(url, options.Database!, Blank(options.RetentionPolicy), basic, options.HistoryReadTimeout);
        }

        var bucket = options.Bucket!;
        var slash = bucket.IndexOf('/', StringComparison.Ordinal);
        var token = string.IsNullOrEmpty(options.Token) ? null : new AuthenticationHeaderValue("Token", options.Token);
        return slash < 0
            ? new InfluxQlEndpoint(url, bucket, null, token, options.HistoryReadTimeout)
            : new InfluxQlEndpoint(url, bucket[..slash], Blank(bucket[(slash + 1)..]), token, options.HistoryReadTimeout);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
