using System.Text;
using Google.Protobuf;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Commands;

/// <summary>report community.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private const string Csv = "community,first_day,last_day,section,item,label,value\r\nwufu,2026-11-01,2026-11-30,summary,raised,,12\r\n";
    private FakeGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await FakeGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Community_AsksTheDaysAndShowsTheFiguresKindsAndReceivers()
    {
        _gateway.History.Unary.On<CommunityReportRequest, CommunityReportResponse>("GetCommunityReport", _ => Report());
        var console = new TestConsole(_gateway);

        var exit = await console.RunAsync("report", "community", "wufu", "--first-day", "2026-11-01", "--last-day", "2026-11-30");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.History.Unary.Last<CommunityReportRequest>();
        Assert.Equal(("wufu", "2026-11-01", "2026-11-30"), (request.CommunityId, request.FirstDay, request.LastDay));
        var output = console.Output;
        Assert.Contains("period                  2026-11-01 to 2026-11-30 (Asia/Shanghai)", output, StringComparison.Ordinal);
        Assert.Contains("alarms raised           12", output, StringComparison.Ordinal);
        Assert.Contains("time to acknowledge     median 45s, p90 3m20s, longest 1h02m (10 answered)", output, StringComparison.Ordinal);
        Assert.Contains("time to resolve         none answered", output, StringComparison.Ordinal);
        Assert.Contains("sos", output, StringComparison.Ordinal);
        Assert.Contains("wufu-gate-north  五福北门", output, StringComparison.Ordinal);
        Assert.Contains("2h00m", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Community_Csv_PrintsTheRowsWithoutTheByteOrderMark()
    {
        _gateway.History.Unary.On<CommunityReportRequest, CommunityReportResponse>("GetCommunityReport", _ => Report());
        var console = new TestConsole(_gateway);

        var exit = await console.RunAsync("report", "community", "wufu", "--csv");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(Csv, console.Output);
        var request = _gateway.History.Unary.Last<CommunityReportRequest>();
        Assert.Equal(("", ""), (request.FirstDay, request.LastDay));
    }

    [Fact]
    public async Task Community_Json_PrintsTheReportWithoutTheCsv()
    {
        _gateway.History.Unary.On<CommunityReportRequest, CommunityReportResponse>("GetCommunityReport", _ => Report());
        var console = new TestConsole(_gateway);

        var exit = await console.RunAsync("report", "community", "wufu", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("\"raised\": 12", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"csv\"", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "report", "community", "wufu", "--first-day", "1/11/2026" }, "is not a day; write it as YYYY-MM-DD")]
    [InlineData(new[] { "report", "community", "wufu", "--first-day", "2026-11-30", "--last-day", "2026-11-01" }, "is before --first-day")]
    [InlineData(new[] { "report", "community", "wufu", "--csv", "--json" }, "cannot be used together")]
    public async Task Community_BadArguments_AreUsageErrorsAndAskNothing(string[] args, string expected)
    {
        var console = new TestConsole(_gateway);

        var exit = await console.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, console.Errors, StringComparison.Ordinal);
        Assert.Empty(_gateway.History.Unary.Requests);
    }

    [Fact]
    public async Task Community_ServerRefuses_ShowsItsWords()
    {
        _gateway.History.Unary.On<CommunityReportRequest, CommunityReportResponse>("GetCommunityReport",
            _ => throw new RpcException(new Status(StatusCode.NotFound, "community wufu does not exist or is not visible to this token.")));
        var console = new TestConsole(_gateway);

        var exit = await console.RunAsync("report", "community", "wufu");

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains("community wufu does not exist or is not visible to this token.", console.Errors, StringComparison.Ordinal);
    }

    private static CommunityReportResponse Report() => new()
    {
        CommunityId = "wufu",
        CommunityName = "五福社区 Wufu",
        TimeZone = "Asia/Shanghai",
        FirstDay = "2026-11-01",
        LastDay = "2026-11-30",
        Raised = 12,
        ByKind = { new KindCount { Kind = AlarmKind.Sos, Alarms = 7 }, new KindCount { Kind = AlarmKind.LowBattery, Alarms = 5 } },
        TimeToAcknowledge = new ResponseTimes { Answered = 10, MedianSeconds = 45, P90Seconds = 200, LongestSeconds = 3720 },
        TimeToResolve = new ResponseTimes(),
        ReceiversDown = { new ReceiverOutages { ReceiverId = "wufu-gate-north", Label = "五福北门", Outages = 1, DownSeconds = 7200, DownNow = true } },
        Csv = ByteString.CopyFrom([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv)]),
    };
}
