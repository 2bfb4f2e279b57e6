using Microsoft.Playwright;

namespace SafeCommunity.Iot.Board.Tests.Support;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package (bash .ci/test installs it), driven by Playwright's bundled
/// driver: no browser download.
/// </summary>
internal sealed class BoardBrowser : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BoardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<BoardBrowser> StartAsync()
    {
        Assert.True(File.Exists(Chromium), "chromium is not installed (apt-get install chromium; bash .ci/test installs it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
        return new BoardBrowser(playwright, browser);
    }

    /// <summary>
    /// Uncaught script errors and Content-Security-Policy violations on any page so far (failed requests while the
    /// gateway restarts are expected and not listed).
    /// </summary>
    public List<string> PageErrors { get; } = [];

    /// <summary>
    /// A page the size of a police room's desk screen, in the police room's time zone, showing the board signed in with
    /// <paramref name="token"/>.
    /// </summary>
    public async Task<IPage> SignInAsync(string boardUrl, string token)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        page.PageError += (_, error) => PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                PageErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(boardUrl);
        await page.FillAsync("#token", token);
        await page.ClickAsync("#sign-in button[type=submit]");
        await Assertions.Expect(page.Locator("#connection[data-state=live]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
