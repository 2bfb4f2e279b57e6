using Microsoft.Playwright;
using SafeCommunity.Iot.Board.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Board.Tests;

/// <summary>
/// The board of an instance that dies, in a real browser: it falls back to the peer instance on the same store
/// (Board:Peers, which allows the board's origin with Board:AllowedOrigins), resumes the alarm stream there after
/// its last sequence, says which gateway it is connected to, and acts on the peer.
/// </summary>
public sealed class BoardFailoverTests
{
    private const uint GrandmaWang = 570425345;
    private const uint GrandpaLi = 570425346;
    private const string Rows = "#alarm-table tbody tr";
    private static readonly LocatorAssertionsToBeVisibleOptions Eventually = new() { Timeout = 30_000 };

    [Fact]
    public async Task OwnGatewayDies_PageResumesAtThePeerWithoutGapOrDuplicate_AndActsThere()
    {
        var peer = $"http://127.0.0.1:{FreePort.Next()}";
        await using var scene = await BoardScene.StartAsync(settings: new Dictionary<string, string?> { ["Board:Peers:0"] = peer });
        var own = new Uri(scene.BoardUrl).GetLeftPart(UriPartial.Authority);
        await using var browser = await BoardBrowser.StartAsync();
        var token = await scene.CreatePostTokenAsync("Wufu police room", "wufu");
        await scene.WaitForBaseStationAsync(token);
        var page = await browser.SignInAsync(scene.BoardUrl, token);
        await Assertions.Expect(page.Locator("#gateway")).ToHaveAttributeAsync("data-origin", own);

        await scene.Station.SendReceptionAsync(Sos(GrandmaWang, 1, 25.1011, 105.4691));
        var wang = page.Locator(Rows, new() { HasText = "Grandma Wang" });
        await Assertions.Expect(wang).ToBeVisibleAsync(Eventually);

        // The page's instance dies; the other one, on the same store and serial line, allows the page's origin.
        await scene.ReplaceAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = peer,
            ["Board:Peers:0"] = own,
            ["Board:AllowedOrigins:0"] = own,
        });
        await scene.WaitForBaseStationAsync(token);
        await scene.Station.SendReceptionAsync(Sos(GrandpaLi, 1, 25.1015, 105.4695));

        var li = page.Locator(Rows, new() { HasText = "Grandpa Li" });
        await Assertions.Expect(li).ToBeVisibleAsync(Eventually);
        await Assertions.Expect(page.Locator("#gateway")).ToHaveAttributeAsync("data-origin", peer);
        await Assertions.Expect(page.Locator("#gateway")).ToHaveTextAsync(new Uri(peer).Authority);
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(page.Locator(Rows)).ToHaveCountAsync(2);
        await Assertions.Expect(wang).ToHaveCountAsync(1);

        // Acknowledged on the page: the call goes to the peer, which has it in the shared store.
        await li.Locator("button[data-action=acknowledge]").ClickAsync();
        await Assertions.Expect(li.Locator("td.state")).ToContainTextAsync("已接警");
        var alarms = new V1.Alarms.AlarmsClient(scene.Channel(token));
        var stored = Assert.Single((await alarms.ListAsync(new ListAlarmsRequest())).Alarms, a => a.DeviceId == GrandpaLi);
        Assert.Equal(AlarmState.Acknowledged, stored.State);
        Assert.Empty(browser.PageErrors);
    }

    private static byte[] Sos(uint deviceId, uint counter, double latitude, double longitude) => SeedDevices.Sign(RadioFrame.AlarmEvent(
        deviceId, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, GeoFix.FromDegrees(latitude, longitude, 6, 1)));
}
