using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Commands;

public sealed class AlarmsCommandsTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private FakeGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await FakeGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _files.Delete();
    }

    [Fact]
    public async Task List_SendsTheFilterAndPrintsATable()
    {
        _gateway.Alarms.Unary.On<ListAlarmsRequest, ListAlarmsResponse>("List", _ => new ListAlarmsResponse { Alarms = { Samples.Alarm(12), Samples.Alarm(9, "王奶奶") } });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "list", "--active", "--community", "wufu", "--kind", "sos", "--min-severity", "medium", "--page-size", "50");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Alarms.Unary.Last<ListAlarmsRequest>();
        Assert.True(request.ActiveOnly);
        Assert.Equal(["wufu"], request.Filter.CommunityIds);
        Assert.Equal([AlarmKind.Sos], request.Filter.Kinds);
        Assert.Equal(AlarmSeverity.Medium, request.Filter.MinimumSeverity);
        Assert.Equal(50, request.Page.PageSize);
        var lines = console.OutputLines;
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID  LAST SEEN", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("12  2026-05-01 14:03:22  critical  stolen-bike-sighted  open   blue Yadea e-bike", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("wufu→tiangu      3  25.12346,105.65432 ±35 m", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutAll_SaysThereIsMore()
    {
        _gateway.Alarms.Unary.On<ListAlarmsRequest, ListAlarmsResponse>("List", _ => new ListAlarmsResponse { Alarms = { Samples.Alarm(12) }, NextPageToken = "p2" });
        var console = new TestConsole(_gateway, files: _files);

        await console.RunAsync("alarms", "list");

        Assert.Single(_gateway.Alarms.Unary.All<ListAlarmsRequest>());
        Assert.Contains("add --all", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_All_FollowsThePageTokens()
    {
        _gateway.Alarms.Unary.On<ListAlarmsRequest, ListAlarmsResponse>("List", request => request.Page.PageToken switch
        {
            "" => new ListAlarmsResponse { Alarms = { Samples.Alarm(3) }, NextPageToken = "p2" },
            "p2" => new ListAlarmsResponse { Alarms = { Samples.Alarm(2) }, NextPageToken = "p3" },
            _ => new ListAlarmsResponse { Alarms = { Samples.Alarm(1) } },
        });
        var console = new TestConsole(_gateway, files: _files);

        await console.RunAsync("alarms", "list", "--all", "--json");

        Assert.Equal(["", "p2", "p3"], _gateway.Alarms.Unary.All<ListAlarmsRequest>().Select(r => r.Page.PageToken));
        Assert.Equal(3, console.OutputLines.Length);
        Assert.Equal(["3", "2", "1"], console.OutputLines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task Get_PrintsTheAlarmAndItsEvents()
    {
        _gateway.Alarms.Unary.On<GetAlarmRequest, GetAlarmResponse>("Get", request => new GetAlarmResponse
        {
            Alarm = Samples.Alarm(request.AlarmId),
            Events = { Samples.Event(40), Samples.Event(41, AlarmEventType.Updated) },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "get", "12");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(12, _gateway.Alarms.Unary.Last<GetAlarmRequest>().AlarmId);
        Assert.Contains("alarm       12  critical stolen-bike-sighted, open", console.Output, StringComparison.Ordinal);
        Assert.Contains("subject     blue Yadea e-bike (device 570425345)", console.Output, StringComparison.Ordinal);
        Assert.Contains("community   wufu, seen in tiangu", console.Output, StringComparison.Ordinal);
        Assert.Contains("41  2026-05-01 14:04:03  updated", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_SaysWhoTookIt()
    {
        _gateway.Alarms.Unary.On<AcknowledgeAlarmRequest, AlarmChangeResponse>("Acknowledge", request => new AlarmChangeResponse
        {
            Alarm = Samples.Alarm(request.AlarmId),
            Event = new AlarmEvent { Sequence = 57, Type = AlarmEventType.Acknowledged, Actor = "Wufu police room", At = Timestamp.FromDateTimeOffset(Samples.EventTime) },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "ack", "12");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("alarm 12 acknowledged by Wufu police room at 2026-05-01 14:03:22 (event 57)", console.OutputLines.Single());
    }

    [Fact]
    public async Task Ack_AlreadyTaken_SaysNothingChanged()
    {
        _gateway.Alarms.Unary.On<AcknowledgeAlarmRequest, AlarmChangeResponse>("Acknowledge", request =>
        {
            var alarm = Samples.Alarm(request.AlarmId);
            alarm.State = AlarmState.Acknowledged;
            return new AlarmChangeResponse { Alarm = alarm };
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "ack", "12");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("alarm 12 unchanged: it is already acknowledged", console.OutputLines.Single());
    }

    [Fact]
    public async Task Resolve_SendsTheNote()
    {
        _gateway.Alarms.Unary.On<ResolveAlarmRequest, AlarmChangeResponse>("Resolve", request => new AlarmChangeResponse
        {
            Alarm = Samples.Alarm(request.AlarmId),
            Event = new AlarmEvent { Sequence = 58, Type = AlarmEventType.Resolved, Actor = "Wufu police room" },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "resolve", "12", "--note", "  bike returned to owner ");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("bike returned to owner", _gateway.Alarms.Unary.Last<ResolveAlarmRequest>().Note);
        Assert.Contains("alarm 12 resolved by Wufu police room", console.Output, StringComparison.Ordinal);
    }
}
