using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using SafeCommunity.Iot.Board.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Board.Tests;

/// <summary>
/// The report page in a real browser (headless Chromium) against the real gateway: a month of Wufu's alarms in the
/// store, and today's SOS raised through a real serial base station and acknowledged on the board.
/// </summary>
public sealed class CommunityReportPageTests
{
    private const uint GrandmaWang = 570425345;
    private static readonly LocatorAssertionsToBeVisibleOptions Eventually = new() { Timeout = 30_000 };

    [Fact]
    public async Task PoliceRoom_MakesAMonthsReport_SeesTheFiguresAndBothCharts_AndDownloadsTheCsv()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        IReadOnlyList<Core.Alarms.Alarm> seeded = [];
        await using var scene = await BoardScene.StartAsync(data => seeded = AlarmHistory.Seed(data, today));
        await using var browser = await BoardBrowser.StartAsync();
        var token = await scene.CreatePostTokenAsync("Wufu police room", "wufu");
        await scene.WaitForBaseStationAsync(token);
        var page = await browser.SignInAsync(scene.BoardUrl, token);

        // Today's SOS, acknowledged on the board: the report counts it with the month before.
        await scene.Station.SendReceptionAsync(SeedDevices.Sign(RadioFrame.AlarmEvent(
            GrandmaWang, 1, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, GeoFix.FromDegrees(25.1011, 105.4691, 6, 1))));
        var sos = page.Locator("#alarm-table tbody tr", new() { HasText = "Grandma Wang" });
        await Assertions.Expect(sos).ToBeVisibleAsync(Eventually);
        await sos.Locator("button[data-action=acknowledge]").ClickAsync();
        await Assertions.Expect(sos.Locator("td.state")).ToContainTextAsync("已接警");

        await page.ClickAsync("#view-toggle");
        await Assertions.Expect(page.Locator("#report-community option[value=wufu]")).ToHaveCountAsync(1);
        await page.FillAsync("#report-first", Day(today.AddDays(-29)));
        await page.FillAsync("#report-last", Day(today));
        await page.ClickAsync("#report-form button[type=submit]");

        var raised = seeded.Count + 1;
        await Assertions.Expect(page.Locator(".figure[data-figure=raised] b")).ToHaveTextAsync(raised.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".figure[data-figure=escalated] b")).ToHaveTextAsync(
            seeded.Count(a => a.EscalatedAt is not null).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator(".figure[data-figure=receiversDown] b")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator(".figure[data-figure=ackMedian] b")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(page.Locator("#chart-per-day rect.bar")).ToHaveCountAsync(30);
        await Assertions.Expect(page.Locator("#chart-ack rect.bar")).ToHaveCountAsync(8);
        // Today's bar holds the one SOS of today.
        await Assertions.Expect(page.Locator("#chart-per-day rect.bar").Last.Locator("title")).ToHaveTextAsync(Day(today) + ": 1");
        await Assertions.Expect(page.Locator("#report-kinds")).ToContainTextAsync("紧急呼救");
        await Assertions.Expect(page.Locator("#report-receivers")).ToContainTextAsync("五福南门");
        await Assertions.Expect(page.Locator("#report-devices")).ToContainTextAsync("电量低");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scrolling at 1366×768");
        await page.ScreenshotAsync(new() { Path = DocsImages.PathOf("community-report.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-csv"));
        Assert.Equal($"report-wufu-{Day(today.AddDays(-29))}-{Day(today)}.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("community,first_day,last_day,section,item,label,value", csv[0]);
        Assert.Contains($"wufu,{Day(today.AddDays(-29))},{Day(today)},summary,raised,,{raised}", csv);

        // The page's own words switch to English; the board is one click away.
        await page.ClickAsync("#language");
        await Assertions.Expect(page.Locator(".figure[data-figure=raised] span")).ToHaveTextAsync("alarms raised");
        await page.ClickAsync("#view-toggle");
        await Assertions.Expect(page.Locator("#alarm-table")).ToBeVisibleAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task FamilyToken_HasNoReportButton()
    {
        await using var scene = await BoardScene.StartAsync();
        await using var browser = await BoardBrowser.StartAsync();
        var family = await scene.CreateFamilyTokenAsync("Wang family", "household-wf-001");

        var page = await browser.SignInAsync(scene.BoardUrl, family);

        await Assertions.Expect(page.Locator("#view-toggle")).ToBeHiddenAsync();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
