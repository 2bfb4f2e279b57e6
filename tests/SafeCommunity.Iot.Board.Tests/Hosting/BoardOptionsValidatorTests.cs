using SafeCommunity.Iot.Board.Hosting;

namespace SafeCommunity.Iot.Board.Tests.Hosting;

public sealed class BoardOptionsValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://tiles.lan/{z}/{x}/{y}.png")]
    [InlineData("https://10.2.0.5:8443/osm/{z}/{x}/{y}.png")]
    public void TileUrl_NoneOrAnHttpTemplate_IsAccepted(string? url) =>
        Assert.True(new BoardOptionsValidator().Validate(null, new BoardOptions { TileUrl = url }).Succeeded);

    [Theory]
    [InlineData("http://tiles.lan/{z}/{x}.png")]
    [InlineData("tiles/{z}/{x}/{y}.png")]
    [InlineData("file:///srv/tiles/{z}/{x}/{y}.png")]
    public void TileUrl_WithoutAllPlaceholdersOrNotHttp_StopsTheStartNamingTheSetting(string url)
    {
        var result = new BoardOptionsValidator().Validate(null, new BoardOptions { TileUrl = url });
        Assert.True(result.Failed);
        Assert.Contains("Board:TileUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PeersAndAllowedOrigins_NoneByDefault_AreAccepted()
    {
        var options = new BoardOptions();

        Assert.Empty(options.Peers);
        Assert.Empty(options.AllowedOrigins);
        Assert.True(new BoardOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Peers_HttpOrHttpsOrigins_AreAccepted()
    {
        var options = new BoardOptions();
        options.Peers.Add("http://gw-b.lan:5080");
        options.Peers.Add("https://10.2.0.7/");
        options.AllowedOrigins.Add("http://gw-a.lan:5080");

        Assert.True(new BoardOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("gw-b.lan:5080")]
    [InlineData("/board/")]
    [InlineData("")]
    [InlineData("ftp://gw-b.lan")]
    [InlineData("http://gw-b.lan:5080/board/")]
    [InlineData("http://gw-b.lan:5080/?x=1")]
    [InlineData("http://user@gw-b.lan:5080")]
    public void Peers_NotAnHttpOrigin_StopsTheStartNamingTheEntry(string peer)
    {
        var options = new BoardOptions();
        options.Peers.Add("http://gw-c.lan:5080");
        options.Peers.Add(peer);

        var result = new BoardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Board:Peers:1 '{peer}' must be an http or https origin", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Peers_SameOriginTwice_StopsTheStart()
    {
        var options = new BoardOptions();
        options.Peers.Add("http://gw-b.lan:5080");
        options.Peers.Add("http://GW-B.lan:5080/");

        var result = new BoardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Board:Peers:1 'http://GW-B.lan:5080/' is given twice", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("http://gw-a.lan:5080/board/")]
    public void AllowedOrigins_NotAnOrigin_StopsTheStartNamingTheSetting(string origin)
    {
        var options = new BoardOptions();
        options.AllowedOrigins.Add(origin);

        var result = new BoardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Board:AllowedOrigins:0 '{origin}' must be an http or https origin", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedOrigins_Duplicate_StopsTheStart()
    {
        var options = new BoardOptions();
        options.AllowedOrigins.Add("http://gw-a.lan:80");
        options.AllowedOrigins.Add("http://gw-a.lan");

        Assert.Contains("is given twice", new BoardOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
