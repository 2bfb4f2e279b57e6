using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.History;

/// <summary>A stolen bike's case file through the real gateway: what it holds, who may read it, and how bad requests are answered.</summary>
public sealed class CaseFileTests
{
    /// <summary>Another bike of the same owner (no theft report).</summary>
    private const uint SecondBike = 285212674;

    /// <summary>A bike of another Wufu owner (owner-wf-002).</summary>
    private const uint NeighboursBike = 285212675;

    [Fact]
    public async Task GetCaseFile_BikeSightedByThreeReceivers_GivesReportSightingsTrailAndFilesThatParseBack_AndIsAudited()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        var owner = gateway.Channel(roles.Tokens["owner"]);
        await ReportStolenAsync(owner);
        await gateway.SendAsync(Frames.Position(Roles.BlueBike, 1, 25.1021, 105.4690), "wufu-gate-north");
        await gateway.SendAsync(Frames.Position(Roles.BlueBike, 2, 25.0970, 105.4701), "wufu-gate-south");
        await gateway.SendAsync(Frames.Position(Roles.BlueBike, 3, 25.0850, 105.4920), "tiangu-gate-north");

        var caseFile = await new V1.History.HistoryClient(owner).GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike });

        Assert.Equal("AL-2026-1107", caseFile.Report.PoliceReportNumber);
        Assert.Equal(["wufu-gate-north", "wufu-gate-south", "tiangu-gate-north"], caseFile.Sightings.Select(s => s.ReceiverIds.Single()));
        Assert.Equal([AlarmEventType.Raised, AlarmEventType.Updated, AlarmEventType.Updated], caseFile.Sightings.Select(s => s.Type));
        Assert.Equal("tiangu", caseFile.Sightings[^1].SeenCommunityId);
        Assert.Equal(3, caseFile.Trail.Count);
        Assert.All(caseFile.Trail, p => Assert.Equal(TrailOrigin.EmbeddedStore, p.Origin));
        // No InfluxDB is configured: the signal strengths (InfluxDB's reception points) are missing, and it says so.
        Assert.All(caseFile.Sightings, s => Assert.False(s.HasRssiDbm));
        Assert.Contains(caseFile.Warnings, w => w.Contains("Signal strengths are missing", StringComparison.Ordinal) && w.Contains("Telemetry:Url", StringComparison.Ordinal));

        var gpx = XDocument.Parse(caseFile.Gpx.ToStringUtf8());
        XNamespace ns = "http://www.topografix.com/GPX/1/1";
        Assert.Equal(3, gpx.Root!.Elements(ns + "wpt").Count());
        Assert.Equal(
            caseFile.Trail.Select(p => p.Location.Latitude.ToString("0.0######", CultureInfo.InvariantCulture)),
            gpx.Descendants(ns + "trkpt").Select(p => p.Attribute("lat")!.Value));
        using var geoJson = JsonDocument.Parse(caseFile.Geojson.Memory);
        Assert.Equal("FeatureCollection", geoJson.RootElement.GetProperty("type").GetString());
        Assert.Equal(3, geoJson.RootElement.GetProperty("features").EnumerateArray().Count(f => f.GetProperty("properties").GetProperty("feature").GetString() == "sighting"));
        var text = await PdfRendering.TextAsync(caseFile.Pdf.ToByteArray());
        Assert.Contains("AL-2026-1107", text, StringComparison.Ordinal);
        Assert.Contains("tiangu-gate-north", text, StringComparison.Ordinal);

        var audit = await new V1.Administration.AdministrationClient(gateway.Channel(gateway.AdminToken)).ListAuditAsync(new ListAuditRequest());
        var entry = Assert.Single(audit.Entries, e => e.Action == "case-file");
        Assert.Equal("Owner of the blue Yadea", entry.Actor);
        Assert.Equal("device 285212673", entry.Target);
    }

    [Fact]
    public async Task GetCaseFile_WithInfluxDb1_GivesEachSightingTheSignalItsReceiverHeard()
    {
        using var influx = new InfluxDb1Server();
        await influx.StartAsync();
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path,
            ("Telemetry:Url", influx.Url.ToString()), ("Telemetry:Api", "V1"), ("Telemetry:Database", influx.Database),
            ("Telemetry:FlushInterval", "00:00:00.050"));
        var roles = await Roles.CreateAsync(gateway);
        var post = gateway.Channel(roles.Tokens["post-wufu"]);
        await ReportStolenAsync(gateway.Channel(roles.Tokens["owner"]));
        await CompletionSource.SendAsync(gateway.Services.GetRequiredService<Core.Uplinks.IUplinkIngress>(),
            Frames.Position(Roles.BlueBike, 1, 25.1021, 105.4690), "wufu-gate-north", DateTimeOffset.UtcNow, rssi: -67);
        await CompletionSource.SendAsync(gateway.Services.GetRequiredService<Core.Uplinks.IUplinkIngress>(),
            Frames.Position(Roles.BlueBike, 2, 25.0970, 105.4701), "wufu-gate-south", DateTimeOffset.UtcNow, rssi: -94);
        await Waiting.UntilAsync(
            async () => await influx.ScalarAsync("SELECT count(\"rssi\") FROM \"reception\"") == 2, TimeSpan.FromSeconds(30), "the receptions to reach InfluxDB");

        var caseFile = await new V1.History.HistoryClient(post).GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike });

        Assert.Equal([-67.0, -94.0], caseFile.Sightings.Select(s => s.RssiDbm));
        Assert.Equal([6.0, 6.0], caseFile.Sightings.Select(s => s.SnrDb));
        Assert.Empty(caseFile.Warnings);
    }

    [Fact]
    public async Task GetCaseFile_EveryRoleAndBadRequest_GetsTheAnswerItsScopeAndTheRequestCallFor()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        await ReportStolenAsync(gateway.Channel(roles.Tokens["owner"]));
        var now = DateTimeOffset.UtcNow;
        async Task<StatusCode> Ask(string role, uint device, DateTimeOffset? from = null, DateTimeOffset? until = null)
        {
            var request = new CaseFileRequest { DeviceId = device, From = from is { } f ? Timestamp.FromDateTimeOffset(f) : null, Until = until is { } u ? Timestamp.FromDateTimeOffset(u) : null };
            try
            {
                await new V1.History.HistoryClient(gateway.Channel(roles.Tokens[role])).GetCaseFileAsync(request);
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                return exception.StatusCode;
            }
        }

        Assert.Equal(StatusCode.OK, await Ask("admin", Roles.BlueBike));
        Assert.Equal(StatusCode.OK, await Ask("post-wufu", Roles.BlueBike));
        Assert.Equal(StatusCode.OK, await Ask("owner", Roles.BlueBike));
        Assert.Equal(StatusCode.NotFound, await Ask("post-tiangu", Roles.BlueBike));
        Assert.Equal(StatusCode.PermissionDenied, await Ask("family", Roles.BlueBike));
        Assert.Equal(StatusCode.Unauthenticated, await Ask("none", Roles.BlueBike));
        Assert.Equal(StatusCode.NotFound, await Ask("owner", NeighboursBike));
        Assert.Equal(StatusCode.NotFound, await Ask("admin", 999_999));
        Assert.Equal(StatusCode.FailedPrecondition, await Ask("admin", Roles.GrandmaWang));
        Assert.Equal(StatusCode.FailedPrecondition, await Ask("admin", SecondBike));
        Assert.Equal(StatusCode.InvalidArgument, await Ask("admin", Roles.BlueBike, from: now, until: now.AddHours(-1)));
        Assert.Equal(StatusCode.InvalidArgument, await Ask("admin", Roles.BlueBike, from: now.AddDays(-100)));

        var client = new V1.History.HistoryClient(gateway.Channel(roles.Tokens["admin"]));
        var reversed = await Assert.ThrowsAsync<RpcException>(async () => await client.GetCaseFileAsync(new CaseFileRequest
        {
            DeviceId = Roles.BlueBike, From = Timestamp.FromDateTimeOffset(now), Until = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
        }));
        Assert.StartsWith("from: the period is reversed or empty", reversed.Status.Detail, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<RpcException>(async () => await client.GetCaseFileAsync(new CaseFileRequest
        {
            DeviceId = Roles.BlueBike, From = Timestamp.FromDateTimeOffset(now.AddDays(-100)),
        }));
        Assert.Contains("longer than the 92 days", tooLong.Status.Detail, StringComparison.Ordinal);
        var noReport = await Assert.ThrowsAsync<RpcException>(async () => await client.GetCaseFileAsync(new CaseFileRequest { DeviceId = SecondBike }));
        Assert.Contains("was never reported stolen", noReport.Status.Detail, StringComparison.Ordinal);
        var wristband = await Assert.ThrowsAsync<RpcException>(async () => await client.GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.GrandmaWang }));
        Assert.Contains("not a bike's chip", wristband.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCaseFile_BikeRecovered_GivesTheLatestReportUpToItsRecovery_AndAnOlderReportWhenAskedFor()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        var owner = gateway.Channel(roles.Tokens["owner"]);
        var devices = new V1.Devices.DevicesClient(owner);
        var first = (await ReportStolenAsync(owner)).Report;
        await gateway.SendAsync(Frames.Position(Roles.BlueBike, 1, 25.1021, 105.4690), "wufu-gate-north");
        var recovered = (await devices.ReportRecoveredAsync(new ReportRecoveredRequest { DeviceId = Roles.BlueBike })).Report;
        // Heard after the recovery: not a sighting of the theft.
        await gateway.SendAsync(Frames.Position(Roles.BlueBike, 2, 25.0970, 105.4701), "wufu-gate-south");
        var history = new V1.History.HistoryClient(owner);

        var caseFile = await history.GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike });

        Assert.Equal(first.Id, caseFile.Report.Id);
        Assert.Equal(recovered.RecoveredAt, caseFile.Report.RecoveredAt);
        Assert.Equal(recovered.RecoveredAt, caseFile.Until);
        Assert.Equal(["wufu-gate-north"], caseFile.Sightings.Select(s => s.ReceiverIds.Single()));
        Assert.Contains("AL-2026-1107", await PdfRendering.TextAsync(caseFile.Pdf.ToByteArray()), StringComparison.Ordinal);

        // Stolen again: the open report is the default, the first one is still there by its id.
        var second = (await ReportStolenAsync(owner, "AL-2026-1201")).Report;
        Assert.Equal(second.Id, (await history.GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike })).Report.Id);
        Assert.Equal(first.Id, (await history.GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike, TheftReportId = first.Id })).Report.Id);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await history.GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike, TheftReportId = 999 }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var negative = await Assert.ThrowsAsync<RpcException>(async () => await history.GetCaseFileAsync(new CaseFileRequest { DeviceId = Roles.BlueBike, TheftReportId = -1 }));
        Assert.Equal(StatusCode.InvalidArgument, negative.StatusCode);
    }

    [Fact]
    public async Task Locate_PeriodOlderThanTheStoreWithoutInfluxDb_AnswersTheRecentPartAndWarns()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        var family = new V1.Devices.DevicesClient(gateway.Channel(roles.Tokens["family"]));
        await gateway.SendAsync(Frames.Position(Roles.GrandmaWang, 1, 25.1011, 105.4691));
        var now = DateTimeOffset.UtcNow;

        var located = await family.LocateAsync(new LocateRequest { DeviceId = Roles.GrandmaWang, TrailFrom = Timestamp.FromDateTimeOffset(now.AddDays(-30)) });

        var point = Assert.Single(located.Trail);
        Assert.Equal(TrailOrigin.EmbeddedStore, point.Origin);
        var warning = Assert.Single(located.Warnings);
        Assert.Contains("is missing: no InfluxDB is configured (Telemetry:Url)", warning, StringComparison.Ordinal);

        var both = await Assert.ThrowsAsync<RpcException>(async () => await family.LocateAsync(new LocateRequest
        {
            DeviceId = Roles.GrandmaWang, Trail = Duration.FromTimeSpan(TimeSpan.FromHours(1)), TrailFrom = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        }));
        Assert.Equal(StatusCode.InvalidArgument, both.StatusCode);
        var reversed = await Assert.ThrowsAsync<RpcException>(async () => await family.LocateAsync(new LocateRequest
        {
            DeviceId = Roles.GrandmaWang, TrailFrom = Timestamp.FromDateTimeOffset(now), TrailUntil = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        }));
        Assert.StartsWith("trail_from: the period is reversed", reversed.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<TheftReportResponse> ReportStolenAsync(Grpc.Net.Client.GrpcChannel owner, string policeReportNumber = "AL-2026-1107") =>
        await new V1.Devices.DevicesClient(owner).ReportStolenAsync(new ReportStolenRequest
        {
            DeviceId = Roles.BlueBike, PoliceReportNumber = policeReportNumber, LastSeenPlace = "outside building 3",
            StolenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)),
        });
}
