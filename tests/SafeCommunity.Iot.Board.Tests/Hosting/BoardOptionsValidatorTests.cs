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
}
