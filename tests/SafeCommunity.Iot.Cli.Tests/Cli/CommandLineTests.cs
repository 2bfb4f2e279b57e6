using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;

namespace SafeCommunity.Iot.Cli.Tests.Cli;

/// <summary>Command lines that are wrong before any call: exit 2 with a line naming the problem, and no gateway needed.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "alarms", "watch", "--kind", "burglary" }, "--kind 'burglary' is not one of sos, fall")]
    [InlineData(new[] { "alarms", "watch", "--min-severity", "urgent" }, "--min-severity 'urgent' is not one of low, medium, high, critical")]
    [InlineData(new[] { "alarms", "watch", "--after", "-1" }, "--after '-1' is not a sequence number")]
    [InlineData(new[] { "alarms", "watch", "--device", "bike7" }, "--device 'bike7' is not a device id")]
    [InlineData(new[] { "alarms", "list", "--page-size", "5000" }, "--page-size '5000' is not a whole number from 1 to 1000")]
    [InlineData(new[] { "alarms", "get", "twelve" }, "alarm id 'twelve' is not a positive whole number")]
    [InlineData(new[] { "alarms", "resolve", "12" }, "--note")]
    [InlineData(new[] { "bike", "report-stolen", "570425345" }, "--report-number")]
    [InlineData(new[] { "bike", "report-stolen", "570425345", "--report-number", "R1", "--stolen-at", "last tuesday" }, "--stolen-at 'last tuesday' is not a time")]
    [InlineData(new[] { "bike", "arm", "570425345", "--timeout", "60" }, "--timeout '60' is not a duration")]
    [InlineData(new[] { "locate", "570425345", "--trail", "two hours" }, "--trail 'two hours' is not a duration")]
    [InlineData(new[] { "locate", "570425345", "--limit", "5" }, "--limit needs --trail")]
    [InlineData(new[] { "devices", "command", "570425345", "reboot" }, "command 'reboot' is not one of set-report-interval, locate-now, arm, disarm, sound-buzzer")]
    [InlineData(new[] { "devices", "command", "570425345", "set-report-interval" }, "set-report-interval needs an argument in seconds")]
    [InlineData(new[] { "devices", "command", "570425345", "locate-now", "5" }, "locate-now takes no argument")]
    [InlineData(new[] { "devices", "import", "/nonexistent/registry.json" }, "cannot read /nonexistent/registry.json")]
    [InlineData(new[] { "tokens", "create", "--name", "Wufu", "--role", "king" }, "--role 'king' is not one of admin, post, family, owner")]
    [InlineData(new[] { "tokens", "create", "--role", "post" }, "--name")]
    [InlineData(new[] { "tokens", "create", "--name", "Old", "--role", "admin", "--expires", "2020-01-01" }, "is in the past")]
    [InlineData(new[] { "audit", "list", "--since", "soon" }, "--since 'soon' is not a time")]
    [InlineData(new[] { "alarms", "fly" }, "fly")]
    [InlineData(new[] { "whoami", "--gateway", "127.0.0.1:5080" }, "--gateway '127.0.0.1:5080' is not a gateway URL")]
    [InlineData(new[] { "whoami", "--gateway", "ftp://gateway" }, "is not a gateway URL")]
    [InlineData(new[] { "whoami", "--gateway", "http://a:5081,b:5081" }, "--gateway 'b:5081' is not a gateway URL")]
    [InlineData(new[] { "whoami", "--gateway", "http://a:5081,,http://b:5081" }, "--gateway 'http://a:5081,,http://b:5081' has an empty entry")]
    [InlineData(new[] { "whoami", "--gateway", "http://a:5081," }, "has an empty entry")]
    [InlineData(new[] { "whoami", "--gateway", "http://a:5081, http://A:5081/" }, "--gateway names the gateway 'http://A:5081/' twice")]
    [InlineData(new[] { "whoami", "--token", "a", "--token-file", "/tmp/x" }, "give --token or --token-file, not both")]
    public async Task BadCommandLine_IsAUsageErrorNamingTheProblem(string[] args, string expected)
    {
        var console = new TestConsole();

        var exit = await console.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, console.Errors, StringComparison.Ordinal);
        Assert.StartsWith("safecomm: ", console.Errors, StringComparison.Ordinal);
        Assert.Empty(console.Output);
    }

    [Fact]
    public async Task ParseError_PointsAtTheCommandsHelp()
    {
        var console = new TestConsole();

        await console.RunAsync("alarms", "list", "--page-size", "0");

        Assert.Contains("Run 'safecomm alarms list --help' for usage.", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_GoesToTheOutputAndExitsZero()
    {
        var console = new TestConsole();

        var exit = await console.RunAsync("alarms", "watch", "--help");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("--min-severity", console.Output, StringComparison.Ordinal);
        Assert.Contains("--gateway", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayFromEnvironment_NotAUrl_NamesTheVariable()
    {
        var console = new TestConsole();
        console.Environment["SAFECOMM_GATEWAY"] = "gateway:5080";

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("SAFECOMM_GATEWAY 'gateway:5080' is not a gateway URL", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayListFromEnvironment_BadEntry_NamesTheVariableAndTheEntry()
    {
        var console = new TestConsole();
        console.Environment["SAFECOMM_GATEWAY"] = "http://a:5081,https://";

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("SAFECOMM_GATEWAY 'https://' is not a gateway URL", console.Errors, StringComparison.Ordinal);
    }
}
