using System.Text.Json;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Cli.Tests.Journeys;

/// <summary>
/// The real gateway (seed deployment, fresh data directory) on real sockets, and <c>safecomm</c> run in-process
/// against its gRPC endpoint with the system clock, as the README's journeys do it.
/// </summary>
internal sealed class Journey : IAsyncDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new();
    private readonly TestFiles _files = new();

    public Journey() => Gateway = new RealGateway(_data.Path);

    public RealGateway Gateway { get; }

    /// <summary>The administrator, with the token file the gateway wrote at its first start.</summary>
    public TestConsole Admin()
    {
        var console = Console(token: null);
        console.Environment["SAFECOMM_TOKEN_FILE"] = Gateway.AdminTokenFile;
        return console;
    }

    /// <summary>A user of the CLI with <paramref name="token"/> in SAFECOMM_TOKEN.</summary>
    public TestConsole Console(string? token)
    {
        var console = new TestConsole(token: token, files: _files, realClock: true);
        console.Environment["SAFECOMM_GATEWAY"] = Gateway.GrpcAddress;
        return console;
    }

    /// <summary><c>safecomm tokens create ... --json</c> as the administrator; the new token's secret.</summary>
    public async Task<string> CreateTokenAsync(params string[] options)
    {
        var admin = Admin();
        var exit = await admin.RunAsync(["tokens", "create", .. options, "--json"]);
        Assert.True(exit == ExitCodes.Success, admin.Errors);
        var secret = JsonDocument.Parse(Assert.Single(admin.OutputLines)).RootElement.GetProperty("secret").GetString();
        Assert.False(string.IsNullOrEmpty(secret));
        return secret;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (generously), failing with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(PollTimeout);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>The JSON lines printed so far.</summary>
    public static List<JsonElement> JsonLines(TestConsole console) =>
        [.. console.OutputLines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _data.Dispose();
        _files.Delete();
    }
}
