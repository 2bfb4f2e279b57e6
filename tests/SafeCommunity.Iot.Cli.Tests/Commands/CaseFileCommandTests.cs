using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Commands;

/// <summary>bike case-file, and locate over a period.</summary>
public sealed class CaseFileCommandTests : IAsyncLifetime
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
    public async Task CaseFile_WritesThePdfGeoJsonAndGpxIntoTheFolder_AndListsTheSightings()
    {
        _gateway.History.Unary.On<CaseFileRequest, CaseFileResponse>("GetCaseFile", request => Response(request.DeviceId));
        var folder = Path.GetDirectoryName(_files.NewPath("unused"))!;
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "case-file", "285212673", "--from", "2026-04-15T09:00:00+08:00", "--to", "2026-04-16T09:00:00+08:00", "--out", folder);

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.History.Unary.Last<CaseFileRequest>();
        Assert.Equal(285212673u, request.DeviceId);
        Assert.Equal(new DateTimeOffset(2026, 4, 15, 1, 0, 0, TimeSpan.Zero), request.From.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 4, 16, 1, 0, 0, TimeSpan.Zero), request.Until.ToDateTimeOffset());
        Assert.Equal("%PDF-fake"u8.ToArray(), await File.ReadAllBytesAsync(Path.Combine(folder, "bike-285212673-case-file.pdf")));
        Assert.Equal("{\"type\":\"FeatureCollection\",\"features\":[]}", await File.ReadAllTextAsync(Path.Combine(folder, "bike-285212673-case-file.geojson")));
        Assert.StartsWith("<?xml", await File.ReadAllTextAsync(Path.Combine(folder, "bike-285212673-case-file.gpx")), StringComparison.Ordinal);
        var output = console.Output;
        Assert.Contains("police report  ALPS-2026-0415 (theft report 3)", output, StringComparison.Ordinal);
        Assert.Contains("sightings      2", output, StringComparison.Ordinal);
        Assert.Contains("wufu-gate-north", output, StringComparison.Ordinal);
        Assert.Contains("-81", output, StringComparison.Ordinal);
        Assert.Contains("safecomm: warning: Signal strengths are missing", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaseFile_Json_PrintsTheCaseFileWithoutTheFiles()
    {
        _gateway.History.Unary.On<CaseFileRequest, CaseFileResponse>("GetCaseFile", request => Response(request.DeviceId));
        var folder = Path.GetDirectoryName(_files.NewPath("unused"))!;
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "case-file", "285212673", "--out", folder, "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("\"policeReportNumber\": \"ALPS-2026-0415\"", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"pdf\"", console.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "bike-285212673-case-file.pdf")));
    }

    [Fact]
    public async Task CaseFile_Report_AsksForThatTheftReport()
    {
        _gateway.History.Unary.On<CaseFileRequest, CaseFileResponse>("GetCaseFile", request => Response(request.DeviceId));
        var folder = Path.GetDirectoryName(_files.NewPath("unused"))!;
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "case-file", "285212673", "--report", "3", "--out", folder);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(3, _gateway.History.Unary.Last<CaseFileRequest>().TheftReportId);
    }

    [Fact]
    public async Task CaseFile_ReversedPeriod_IsAUsageErrorAndAsksNothing()
    {
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "case-file", "285212673", "--from", "2026-04-16", "--to", "2026-04-15");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("must be after --from", console.Errors, StringComparison.Ordinal);
        Assert.Empty(_gateway.History.Unary.Requests);
    }

    [Fact]
    public async Task CaseFile_MissingFolder_IsAUsageError()
    {
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "case-file", "285212673", "--out", Path.Combine(_files.Root, "no", "such", "folder"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("no such folder", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaseFile_ServerRefuses_ShowsItsWordsAndWritesNoFile()
    {
        _gateway.History.Unary.On<CaseFileRequest, CaseFileResponse>("GetCaseFile",
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "from: the period of 100 days is longer than the 92 days one call reads; ask for it in parts.")));
        var folder = Path.GetDirectoryName(_files.NewPath("unused"))!;
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("bike", "case-file", "285212673", "--from", "100d", "--out", folder);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("longer than the 92 days", console.Errors, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Locate_FromTo_AsksThePeriodAndShowsWhereEachPointCameFromAndTheWarnings()
    {
        _gateway.Devices.Unary.On<LocateRequest, LocateResponse>("Locate", request => new LocateResponse
        {
            Device = new Device { Id = request.DeviceId, Kind = DeviceKind.ElderWristband },
            Trail =
            {
                new TrailPoint { Location = Samples.Alarm().Location, ReceiverId = "wufu-gate-north", Origin = TrailOrigin.Influxdb },
                new TrailPoint { Location = Samples.Alarm().Location, ReceiverId = "wufu-gate-south", Origin = TrailOrigin.EmbeddedStore },
            },
            Warnings = { "The trail before 2026-04-24 00:00:00Z is missing: InfluxDB at http://influxdb:8086 is unreachable." },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("locate", "570425345", "--from", "30d", "--to", "2026-05-01T12:00:00+08:00");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Devices.Unary.Last<LocateRequest>();
        Assert.Null(request.Trail);
        Assert.Equal(TestConsole.Now.AddDays(-30), request.TrailFrom.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 4, 0, 0, TimeSpan.Zero), request.TrailUntil.ToDateTimeOffset());
        Assert.Contains("trail: 2 points from ", console.Output, StringComparison.Ordinal);
        Assert.Contains("wufu-gate-north  influxdb", console.Output, StringComparison.Ordinal);
        Assert.Contains("wufu-gate-south  embedded-store", console.Output, StringComparison.Ordinal);
        Assert.Contains("safecomm: warning: The trail before 2026-04-24 00:00:00Z is missing", console.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "locate", "570425345", "--trail", "2h", "--from", "1d" }, "not both")]
    [InlineData(new[] { "locate", "570425345", "--to", "1h" }, "--to needs --from")]
    [InlineData(new[] { "locate", "570425345", "--from", "1h", "--to", "2h" }, "must be after --from")]
    public async Task Locate_BadPeriod_IsAUsageError(string[] args, string expected)
    {
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, console.Errors, StringComparison.Ordinal);
    }

    private static CaseFileResponse Response(uint deviceId)
    {
        var at = Timestamp.FromDateTimeOffset(TestConsole.Now.AddHours(-2));
        return new CaseFileResponse
        {
            Device = new Device { Id = deviceId, Kind = DeviceKind.EbikeChip, DisplayName = "雅迪电动车 蓝", CommunityId = "wufu", Owner = "owner-wf-001", ReportedStolen = true },
            Report = new TheftReport { Id = 3, DeviceId = deviceId, PoliceReportNumber = "ALPS-2026-0415", StolenAt = at },
            From = at,
            Until = Timestamp.FromDateTimeOffset(TestConsole.Now),
            Sightings =
            {
                new Sighting { Sequence = 12, AlarmId = 4, Type = AlarmEventType.Raised, At = at, ReceiverIds = { "wufu-gate-north" }, Location = Samples.Alarm().Location, RssiDbm = -81, SnrDb = 6.5 },
                new Sighting { Sequence = 13, AlarmId = 4, Type = AlarmEventType.Updated, At = at, ReceiverIds = { "tiangu-gate-north" }, Location = Samples.Alarm().Location },
            },
            Trail = { new TrailPoint { Location = Samples.Alarm().Location, ReceiverId = "wufu-gate-north", Origin = TrailOrigin.EmbeddedStore } },
            Warnings = { "Signal strengths are missing: they come from InfluxDB's reception points, and no InfluxDB is configured (Telemetry:Url)." },
            Pdf = ByteString.CopyFromUtf8("%PDF-fake"),
            Geojson = ByteString.CopyFromUtf8("{\"type\":\"FeatureCollection\",\"features\":[]}"),
            Gpx = ByteString.CopyFromUtf8("<?xml version=\"1.0\"?><gpx version=\"1.1\"/>"),
        };
    }
}
