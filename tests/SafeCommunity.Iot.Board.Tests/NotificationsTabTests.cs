using Microsoft.Playwright;
using SafeCommunity.Iot.Board.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Board.Tests;

/// <summary>
/// The notifications tab in a real browser against the real gateway: a police room adds a webhook for its community,
/// an SOS over the serial line makes a notice that cannot be delivered, the tab shows it given up on, and the
/// subscription is removed on the page.
/// </summary>
public sealed class NotificationsTabTests
{
    private const uint GrandmaWang = 570425345;
    private static readonly LocatorAssertionsToBeVisibleOptions Eventually = new() { Timeout = 30_000 };

    [Fact]
    public async Task PoliceRoom_AddsAWebhook_SeesTheUndeliverableNoticeGivenUpOn_AndRemovesIt()
    {
        // Nothing listens on the webhook's port, and the outbox gives up after half a second.
        var closedPort = FreePort.Next();
        await using var scene = await BoardScene.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Notifications:AllowPrivateWebhooks"] = "true",
            ["Notifications:PollInterval"] = "00:00:00.100",
            ["Notifications:FirstRetryDelay"] = "00:00:00.100",
            ["Notifications:MaxRetryDelay"] = "00:00:00.200",
            ["Notifications:GiveUpAfter"] = "00:00:00.500",
        });
        await using var browser = await BoardBrowser.StartAsync();
        var token = await scene.CreatePostTokenAsync("Wufu police room", "wufu");
        await scene.WaitForBaseStationAsync(token);
        var page = await browser.SignInAsync(scene.BoardUrl, token);

        await page.ClickAsync(".side nav button[data-tab=notify]");
        await page.FillAsync("#subscription-form input[name=name]", "五福夜班 Webhook");
        await page.SelectOptionAsync("#subscription-form select[name=channel]", "NOTIFICATION_CHANNEL_WEBHOOK");
        await page.FillAsync("#subscription-form input[name=address]", $"http://127.0.0.1:{closedPort}/alarms");
        await page.ClickAsync("#subscription-form button[type=submit]");

        var row = page.Locator("#subscription-table tbody tr", new() { HasText = "五福夜班 Webhook" });
        await Assertions.Expect(row).ToBeVisibleAsync(Eventually);
        await Assertions.Expect(page.Locator("#subscription-secret")).ToContainTextAsync("签名密钥");
        var notifications = new V1.Notifications.NotificationsClient(scene.Channel(token));
        var stored = Assert.Single((await notifications.ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
        Assert.Equal(Role.Post, stored.Role);
        Assert.Equal(["wufu"], stored.CommunityIds);
        Assert.Equal(NotificationChannel.Webhook, stored.Channel);

        await scene.Station.SendReceptionAsync(SeedDevices.Sign(RadioFrame.AlarmEvent(
            GrandmaWang, 1, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, GeoFix.FromDegrees(25.1011, 105.4691, 6, 1))));
        await BoardScene.WaitUntilAsync(
            async () => (await notifications.ListDeadLettersAsync(new ListDeadLettersRequest())).DeadLetters.Count == 1, "the notice to be given up on");
        // The tab refreshes by itself; going back to it asks again at once.
        await page.ClickAsync(".side nav button[data-tab=locate]");
        await page.ClickAsync(".side nav button[data-tab=notify]");
        var deadLetter = page.Locator("#dead-letter-table tbody tr").First;
        await Assertions.Expect(deadLetter).ToContainTextAsync("Webhook", new() { Timeout = 30_000 });
        await Assertions.Expect(deadLetter).ToContainTextAsync("王奶奶");
        // A taller screen for the picture, so the tab shows both tables whole.
        await page.SetViewportSizeAsync(1366, 1400);
        await page.Locator("section.side").ScreenshotAsync(new() { Path = DocsImages.PathOf("board-notifications.png") });

        await row.Locator("button[data-remove]").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Empty((await notifications.ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
        Assert.Empty(browser.PageErrors);
    }
}
