using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Commands;

/// <summary>bike, locate and devices.</summary>
public sealed class DeviceCommandsTests : IAsyncLifetime
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
    public async Task ReportStolen_SendsTheReport()
    {
        _gateway.Devices.Unary.On<ReportStolenRequest, TheftReportResponse>("ReportStolen", request => new TheftReportResponse
        {
            Report = new TheftReport { Id = 7, DeviceId = request.DeviceId, PoliceReportNumber = request.PoliceReportNumber, StolenAt = request.StolenAt },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync(
            "bike", "report-stolen", "570425345", "--report-number", "ALPS-2026-0415", "--stolen-at", "2026-05-01T13:00:00+08:00",
            "--place", "Wufu market gate", "--description", "blue Yadea, basket");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Devices.Unary.Last<ReportStolenRequest>();
        Assert.Equal(570425345u, request.DeviceId);
        Assert.Equal("ALPS-2026-0415", request.PoliceReportNumber);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 5, 0, 0, TimeSpan.Zero), request.StolenAt.ToDateTimeOffset());
        Assert.Equal("Wufu market gate", request.LastSeenPlace);
        Assert.Equal("blue Yadea, basket", request.Description);
        Assert.Contains("theft report 7", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportStolen_WithoutStolenAt_LeavesItToTheGateway()
    {
        _gateway.Devices.Unary.On<ReportStolenRequest, TheftReportResponse>("ReportStolen", _ => new TheftReportResponse { Report = new TheftReport { Id = 1 } });
        var console = new TestConsole(_gateway, files: _files);

        await console.RunAsync("bike", "report-stolen", "0x22000001", "--report-number", "R1");

        var request = _gateway.Devices.Unary.Last<ReportStolenRequest>();
        Assert.Equal(0x22000001u, request.DeviceId);
        Assert.Null(request.StolenAt);
    }

    [Fact]
    public async Task ReportStolen_AlreadyOpen_FailsWithTheServersWords()
    {
        _gateway.Devices.Unary.Fail("ReportStolen", Grpc.Core.StatusCode.AlreadyExists, "a theft report is already open for device 570425345");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "report-stolen", "570425345", "--report-number", "R1");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal(
            "safecomm: cannot report bike 570425345 stolen: already exists: a theft report is already open for device 570425345",
            console.Errors.Trim());
    }

    [Fact]
    public async Task Arm_SendsTheTimeoutAndReportsTheAcknowledgement()
    {
        _gateway.Devices.Unary.On<ArmRequest, CommandResponse>("Arm", _ => new CommandResponse { Status = CommandStatus.Acknowledged, Result = CommandResult.Done, Counter = 12 });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "arm", "570425345", "--timeout", "90s");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(TimeSpan.FromSeconds(90), _gateway.Devices.Unary.Last<ArmRequest>().AckTimeout.ToTimeSpan());
        Assert.Equal("arm: device 570425345 confirmed it (downlink counter 12)", console.OutputLines.Single());
    }

    [Fact]
    public async Task Disarm_TimedOut_ExitsOneAndSaysItMayStillHappen()
    {
        _gateway.Devices.Unary.On<ArmRequest, CommandResponse>("Disarm", _ => new CommandResponse { Status = CommandStatus.TimedOut, Counter = 13 });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "disarm", "570425345");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Null(_gateway.Devices.Unary.Last<ArmRequest>().AckTimeout);
        Assert.Contains("did not confirm within 60 s; it may still carry it out", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_PrintsPositionStatusAndTrail()
    {
        _gateway.Devices.Unary.On<LocateRequest, LocateResponse>("Locate", request => new LocateResponse
        {
            Device = new Device { Id = request.DeviceId, Kind = DeviceKind.EbikeChip, DisplayName = "blue Yadea", CommunityId = "wufu", Owner = "Wang Wei", ReportedStolen = true },
            Location = Samples.Alarm().Location,
            Age = Duration.FromTimeSpan(TimeSpan.FromMinutes(3)),
            LastSeen = Timestamp.FromDateTimeOffset(TestConsole.Now.AddMinutes(-1)),
            LastReceiverId = "tiangu-pole-3",
            Status = new DeviceStatus { BatteryPercent = 78, Armed = true, Moving = true },
            Trail =
            {
                new TrailPoint { Location = Samples.Alarm().Location, ReceiverId = "wufu-gate-north" },
                new TrailPoint { Location = Samples.Alarm().Location, ReceiverId = "tiangu-pole-3" },
            },
            TrailTruncated = true,
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("locate", "570425345", "--trail", "2h", "--limit", "2");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Devices.Unary.Last<LocateRequest>();
        Assert.Equal(TimeSpan.FromHours(2), request.Trail.ToTimeSpan());
        Assert.Equal(2, request.TrailLimit);
        var output = console.Output;
        Assert.Contains("device      570425345  blue Yadea (ebike-chip, community wufu, owner Wang Wei)  REPORTED STOLEN", output, StringComparison.Ordinal);
        Assert.Contains("position    25.12346,105.65432 ±35 m, receivers, 3 min old (2026-05-01 14:03:22)", output, StringComparison.Ordinal);
        Assert.Contains("last heard  2026-05-01 13:59:00 (1 min ago) by tiangu-pole-3", output, StringComparison.Ordinal);
        Assert.Contains("battery     78%", output, StringComparison.Ordinal);
        Assert.Contains("status      armed, moving", output, StringComparison.Ordinal);
        Assert.Contains("trail: 2 points over the last 2 h (oldest first; older points left out, see --limit)", output, StringComparison.Ordinal);
        Assert.Contains("2026-05-01 14:03:22  25.12346,105.65432 ±35 m  receivers  wufu-gate-north", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_NeverLocated_SaysSo()
    {
        _gateway.Devices.Unary.On<LocateRequest, LocateResponse>("Locate", request => new LocateResponse
        {
            Device = new Device { Id = request.DeviceId, Kind = DeviceKind.ElderWristband },
            Status = new DeviceStatus(),
        });
        var console = new TestConsole(_gateway, files: _files);

        await console.RunAsync("locate", "7");

        Assert.Contains("position    never located", console.Output, StringComparison.Ordinal);
        Assert.Contains("battery     unknown", console.Output, StringComparison.Ordinal);
        Assert.Null(_gateway.Devices.Unary.Last<LocateRequest>().Trail);
    }

    [Fact]
    public async Task DevicesList_ReadsEveryPage()
    {
        _gateway.Devices.Unary.On<ListDevicesRequest, ListDevicesResponse>("List", request => request.Page.PageToken.Length == 0
            ? new ListDevicesResponse { Devices = { new Device { Id = 1, Kind = DeviceKind.EbikeChip, DisplayName = "bike one", CommunityId = "wufu" } }, NextPageToken = "next" }
            : new ListDevicesResponse { Devices = { new Device { Id = 2, Kind = DeviceKind.ChildWristband, DisplayName = "小明", CommunityId = "wufu", ReportedStolen = false } } });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("devices", "list", "--community", "wufu", "--kind", "ebike-chip", "--kind", "child-wristband");

        Assert.Equal(ExitCodes.Success, exit);
        var requests = _gateway.Devices.Unary.All<ListDevicesRequest>();
        Assert.Equal(2, requests.Count);
        Assert.Equal([DeviceKind.EbikeChip, DeviceKind.ChildWristband], requests[0].Kinds);
        Assert.Equal(3, console.OutputLines.Length);
        Assert.Contains("2  child-wristband  小明", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesImport_Errors_AreListedWithWhereAndReasonAndExitOne()
    {
        var file = _files.NewPath("registry.json");
        await File.WriteAllTextAsync(file, "{\"devices\": []}");
        _gateway.Devices.Unary.On<ImportRegistryRequest, ImportRegistryResponse>("Import", _ => new ImportRegistryResponse
        {
            Errors =
            {
                new ImportError { Where = "devices[3]", Reason = "key_hex must be 32 hex digits" },
                new ImportError { Where = "communities[0]", Reason = "id is missing" },
            },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("devices", "import", file);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("{\"devices\": []}", _gateway.Devices.Unary.Last<ImportRegistryRequest>().RegistryJson.ToStringUtf8());
        Assert.Equal(["devices[3]: key_hex must be 32 hex digits", "communities[0]: id is missing"], console.OutputLines);
        Assert.Contains("2 errors; nothing was imported", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesImport_Success_PrintsTheCounts()
    {
        var file = _files.NewPath("registry.json");
        await File.WriteAllTextAsync(file, "{}");
        _gateway.Devices.Unary.On<ImportRegistryRequest, ImportRegistryResponse>("Import", _ => new ImportRegistryResponse { Communities = 4, Receivers = 1, Devices = 140 });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("devices", "import", file);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal($"imported 4 communities, 1 receiver and 140 devices from {file}", console.OutputLines.Single());
    }

    [Fact]
    public async Task DevicesCommand_SendsTheCommandAndItsArgument()
    {
        _gateway.Devices.Unary.On<SendCommandRequest, CommandResponse>("SendCommand", _ => new CommandResponse { Status = CommandStatus.Acknowledged, Result = CommandResult.Done, Counter = 4 });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("devices", "command", "570425345", "set-report-interval", "300");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Devices.Unary.Last<SendCommandRequest>();
        Assert.Equal(DeviceCommand.SetReportInterval, request.Command);
        Assert.Equal(300u, request.Argument);
        Assert.Equal("set-report-interval: device 570425345 confirmed it (downlink counter 4)", console.OutputLines.Single());
    }

    [Fact]
    public async Task DevicesCommand_Unsupported_ExitsOne()
    {
        _gateway.Devices.Unary.On<SendCommandRequest, CommandResponse>("SendCommand", _ => new CommandResponse { Status = CommandStatus.Acknowledged, Result = CommandResult.UnsupportedCommand });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("devices", "command", "7", "sound-buzzer", "10");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("it does not support this command", console.Errors, StringComparison.Ordinal);
    }
}
