using System.Globalization;
using System.Net;
using System.Text.Json;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>InfluxDB 1.6 (Debian's <c>influxd</c>): the 1.x API only (<c>/write</c>, <c>/query</c>), with one database.</summary>
public sealed class InfluxDb1Server : ServerProcess
{
    private readonly int _rpcPort = FreePort.Next();

    /// <summary>A server on a free port and its own folder; call <see cref="ServerProcess.StartAsync"/>.</summary>
    public InfluxDb1Server()
        : base("influxd", "influxdb")
    {
    }

    /// <summary>The database the server is started with.</summary>
    public string Database { get; } = "safecomm";

    /// <summary>Runs an InfluxQL query and returns the first value of the first series' first row (0 when there is none).</summary>
    public async Task<long> ScalarAsync(string influxQl)
    {
        using var response = await Http.GetAsync(new Uri(Url, $"query?db={Database}&epoch=ns&q={Uri.EscapeDataString(influxQl)}"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = json.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"InfluxQL error: {error.GetString()}");
        }

        if (!result.TryGetProperty("series", out var series))
        {
            return 0;
        }

        return series[0].GetProperty("values")[0][1].GetInt64();
    }

    /// <summary>Posts raw line protocol to <c>/write</c>, as <c>curl --data-binary @file</c> would.</summary>
    public async Task<HttpResponseMessage> WriteAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        return await Http.PostAsync(new Uri(Url, $"write?db={Database}&precision=ns"), content);
    }

    /// <inheritdoc />
    protected override async Task<string[]> ArgumentsAsync()
    {
        var configuration = Path.Combine(Directory, "influxdb.conf");
        await File.WriteAllTextAsync(configuration, string.Create(CultureInfo.InvariantCulture, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{_rpcPort}"
            [meta]
              dir = "{Directory}/meta"
            [data]
              dir = "{Directory}/data"
              wal-dir = "{Directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
            """));
        return ["-config", configuration];
    }

    /// <inheritdoc />
    protected override Task<bool> IsReadyAsync() => AnswersAsync("ping", HttpStatusCode.NoContent);

    /// <inheritdoc />
    protected override async Task AfterStartAsync()
    {
        using var content = new FormUrlEncodedContent([new("q", $"CREATE DATABASE {Database}")]);
        using var response = await Http.PostAsync(new Uri(Url, "query"), content);
        response.EnsureSuccessStatusCode();
    }
}
