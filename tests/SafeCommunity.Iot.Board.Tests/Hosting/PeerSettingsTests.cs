using SafeCommunity.Iot.Board.Tests.Support;

namespace SafeCommunity.Iot.Board.Tests.Hosting;

/// <summary>
/// What the gateway serves for the board's fallback to other instances: Board:Peers in the page's settings and
/// content security policy, and the JSON endpoints' CORS answers for Board:AllowedOrigins only.
/// </summary>
public sealed class PeerSettingsTests
{
    [Fact]
    public async Task CrossOriginCalls_AreAnsweredOnlyForTheAllowedOrigins()
    {
        const string Allowed = "http://gw-a.lan:5080";
        await using var plain = await BoardScene.StartAsync();
        await using var allowing = await BoardScene.StartAsync(settings: new Dictionary<string, string?> { ["Board:AllowedOrigins:0"] = Allowed });
        using var http = new HttpClient();

        Assert.Null(await AllowedOriginAsync(http, plain.BoardUrl, Allowed));
        Assert.Equal(Allowed, await AllowedOriginAsync(http, allowing.BoardUrl, Allowed));
        Assert.Null(await AllowedOriginAsync(http, allowing.BoardUrl, "http://elsewhere.lan"));
    }

    [Fact]
    public async Task Peers_ReachThePageThroughItsSettingsAndItsContentSecurityPolicy()
    {
        await using var scene = await BoardScene.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Board:Peers:0"] = "http://gw-b.lan:5080/",
            ["Board:Peers:1"] = "https://gw-c.lan",
        });
        using var http = new HttpClient();

        var config = await http.GetStringAsync(new Uri(new Uri(scene.BoardUrl), "config.json"));
        using var page = await http.GetAsync(new Uri(scene.BoardUrl));

        Assert.Contains("\"peers\":[\"http://gw-b.lan:5080\",\"https://gw-c.lan\"]", config, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' http://gw-b.lan:5080 https://gw-c.lan;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    /// <summary>The Access-Control-Allow-Origin of the board's preflight for the alarm stream, as a browser at <paramref name="origin"/> sends it.</summary>
    private static async Task<string?> AllowedOriginAsync(HttpClient http, string boardUrl, string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(new Uri(boardUrl), "/api/v1/alarms:watch"));
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var response = await http.SendAsync(preflight);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }
}
