using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SafeCommunity.Iot.Board.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using V1 = SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Board.Tests;

/// <summary>
/// The police-room alarm board in a real browser (headless Chromium) against the real gateway, with alarms raised
/// through a real serial base station.
/// </summary>
public sealed partial class AlarmBoardTests
{
    private const uint GrandmaWang = 570425345;
    private const uint GrandpaLi = 570425346;
    private const uint GrandmaChen = 570425363;
    private const string Rows = "#alarm-table tbody tr";

    /// <summary>The issue's promise: a new alarm is on the police room's screen within 2 s.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions WithinTwoSeconds = new() { Timeout = 2_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Eventually = new() { Timeout = 30_000 };

    [Fact]
    public async Task PoliceRoom_SeesAnSosWithinTwoSeconds_AcknowledgesIt_AndRecoversFromARestartWithoutADuplicate()
    {
        await using var scene = await BoardScene.StartAsync();
        await using var browser = await BoardBrowser.StartAsync();
        var token = await scene.CreatePostTokenAsync("Wufu police room", "wufu");
        await scene.WaitForBaseStationAsync(token);
        var page = await browser.SignInAsync(scene.BoardUrl, token);

        // Grandma Wang walks towards the north gate, then presses SOS.
        await scene.Station.SendReceptionAsync(Position(GrandmaWang, 1, 25.1003, 105.4688));
        await scene.Station.SendReceptionAsync(Position(GrandmaWang, 2, 25.1008, 105.4690));
        await scene.Station.SendReceptionAsync(Sos(GrandmaWang, 3, 25.1011, 105.4691));
        var sos = page.Locator(Rows, new() { HasText = "Grandma Wang" });
        await Assertions.Expect(sos).ToBeVisibleAsync(WithinTwoSeconds);
        await Assertions.Expect(sos).ToHaveClassAsync(UrgentRow());
        await Assertions.Expect(sos).ToContainTextAsync("紧急呼救");
        await Assertions.Expect(page.Locator("#map .alarm-marker")).ToHaveCountAsync(1);
        // The fences and receivers are fetched beside the alarm stream, so they may be drawn a moment later.
        await Assertions.Expect(page.Locator("#map path.fence")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#map .receiver")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // A 1366×768 desk screen shows the list, the map and the panels without scrolling sideways.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scrolling at 1366×768");
        Assert.True(await page.Locator("#map").IsVisibleAsync() && await page.Locator("#tab-locate").IsVisibleAsync(), "map and locate panel in view");

        // Selecting the alarm shows where she is and the trail that led there.
        await sos.Locator("td").First.ClickAsync();
        await Assertions.Expect(page.Locator("#map polyline.trail")).ToBeVisibleAsync(Eventually);
        await Assertions.Expect(page.Locator("#locate-result")).ToContainTextAsync("3 个点");
        await page.Locator("#map").ScreenshotAsync(new() { Path = DocsImages.PathOf("alarm-board-map.png") });

        await sos.Locator("button[data-action=acknowledge]").ClickAsync();
        await Assertions.Expect(sos.Locator("td.state")).ToContainTextAsync("已接警");
        await Assertions.Expect(sos).Not.ToHaveClassAsync(UrgentRow());

        var alarms = new V1.Alarms.AlarmsClient(scene.Channel(token));
        var stored = Assert.Single((await alarms.ListAsync(new ListAlarmsRequest { ActiveOnly = true })).Alarms);
        Assert.Equal(AlarmKind.Sos, stored.Kind);
        Assert.Equal(GrandmaWang, stored.DeviceId);
        Assert.Equal(AlarmState.Acknowledged, stored.State);
        Assert.Equal("Wufu police room", stored.AcknowledgedBy);

        // The gateway restarts; the page resumes its stream by itself and shows the next alarm, and the first one once.
        await scene.RestartAsync();
        await scene.WaitForBaseStationAsync(token);
        await scene.Station.SendReceptionAsync(Sos(GrandpaLi, 1, 25.1015, 105.4695));
        var next = page.Locator(Rows, new() { HasText = "Grandpa Li" });
        await Assertions.Expect(next).ToBeVisibleAsync(Eventually);
        await Assertions.Expect(page.Locator(Rows)).ToHaveCountAsync(2);
        await Assertions.Expect(sos).ToHaveCountAsync(1);
        await Assertions.Expect(sos.Locator("td.state")).ToContainTextAsync("已接警");
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        // The new, unacknowledged SOS stays on top.
        await Assertions.Expect(page.Locator(Rows).First).ToContainTextAsync("Grandpa Li");
        await page.ScreenshotAsync(new() { Path = DocsImages.PathOf("alarm-board.png") });

        // Resolved with a note on the page: it leaves the list, and the gateway has the note.
        await next.Locator("button[data-action=resolve]").ClickAsync();
        await page.FillAsync("#resolve-note", "Grandpa Li found at the north gate, taken home");
        await page.ClickAsync("#resolve button[type=submit]");
        await Assertions.Expect(next).ToHaveCountAsync(0);
        var resolved = Assert.Single((await alarms.ListAsync(new ListAlarmsRequest())).Alarms, a => a.DeviceId == GrandpaLi);
        Assert.Equal(AlarmState.Resolved, resolved.State);
        Assert.Equal("Grandpa Li found at the north gate, taken home", resolved.ResolutionNote);
        Assert.Equal("Wufu police room", resolved.ResolvedBy);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task PostTokenOfAnotherCommunity_NeverSeesTheAlarm()
    {
        await using var scene = await BoardScene.StartAsync();
        await using var browser = await BoardBrowser.StartAsync();
        var wufu = await scene.CreatePostTokenAsync("Wufu police room", "wufu");
        var tiangu = await scene.CreatePostTokenAsync("Tiangu police room", "tiangu");
        await scene.WaitForBaseStationAsync(wufu);
        var page = await browser.SignInAsync(scene.BoardUrl, tiangu);

        // Wufu's SOS first, then one of Tiangu's own wristbands heard at the same gate: the stream is in order, so
        // once Tiangu's alarm is on the page, Wufu's would have been too had the token been allowed to see it.
        await scene.Station.SendReceptionAsync(Sos(GrandmaWang, 1, 25.1011, 105.4691));
        var wufuAlarms = new V1.Alarms.AlarmsClient(scene.Channel(wufu));
        await BoardScene.WaitUntilAsync(async () => (await wufuAlarms.ListAsync(new ListAlarmsRequest())).Alarms.Count == 1, "Wufu's SOS at the gateway");
        await scene.Station.SendReceptionAsync(Sos(GrandmaChen, 1, 25.1012, 105.4692));

        await Assertions.Expect(page.Locator(Rows, new() { HasText = "Grandma Chen" })).ToBeVisibleAsync(Eventually);
        await Assertions.Expect(page.Locator(Rows)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(Rows, new() { HasText = "Grandma Wang" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#map .alarm-marker")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#locate-device option", new() { HasText = "Grandma Wang" })).ToHaveCountAsync(0);

        // The page's own words switch to English.
        await page.ClickAsync("#language");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Alarm board");
        await Assertions.Expect(page.Locator(Rows).First.Locator("td").First).ToHaveTextAsync("SOS");
    }

    [GeneratedRegex(@"\burgent\b")]
    private static partial Regex UrgentRow();

    private static byte[] Sos(uint deviceId, uint counter, double latitude, double longitude) => SeedDevices.Sign(RadioFrame.AlarmEvent(
        deviceId, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, GeoFix.FromDegrees(latitude, longitude, 6, 1)));

    private static byte[] Position(uint deviceId, uint counter, double latitude, double longitude) => SeedDevices.Sign(
        RadioFrame.PositionReport(deviceId, counter, DeviceStatusFlags.GnssFixValid, 80, GeoFix.FromDegrees(latitude, longitude, 5, 1)));
}
