using Grpc.Core;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace SafeCommunity.Iot.Api.Tests.Access;

/// <summary>What a token sees: only its own, in every response and every stream; and how tokens are kept.</summary>
public sealed class ScopeTests
{
    [Fact]
    public async Task FamilyToken_NeverSeesAnotherHouseholdsDevice_InAnyListOrStream()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        var family = gateway.Channel(roles.Tokens["family"]);
        var alarms = new V1.Alarms.AlarmsClient(family);
        using var watch = alarms.Watch(new WatchAlarmsRequest { AfterSequence = 0 });

        // Grandpa Li (another household) first, then Grandma Wang: the family's stream carries only hers.
        await gateway.SendAsync(Frames.Sos(Roles.GrandpaLi, 1));
        await gateway.SendAsync(Frames.Sos(Roles.GrandmaWang, 1));
        await gateway.SendAsync(Frames.Sos(Roles.GrandpaLi, 2));
        await gateway.SendAsync(Frames.Sos(Roles.GrandmaWang, 2));
        var streamed = await watch.ResponseStream.NextEventsAsync(2);
        Assert.All(streamed, e => Assert.Equal(Roles.GrandmaWang, e.Alarm.DeviceId));
        Assert.Equal([2L, 4L], streamed.Select(e => e.Sequence));

        var listed = await alarms.ListAsync(new ListAlarmsRequest());
        Assert.Equal([Roles.GrandmaWang], listed.Alarms.Select(a => a.DeviceId));
        var asked = await alarms.ListAsync(new ListAlarmsRequest { Filter = new AlarmFilter { DeviceIds = { Roles.GrandpaLi } } });
        Assert.Empty(asked.Alarms);

        var devices = await new V1.Devices.DevicesClient(family).ListAsync(new ListDevicesRequest());
        Assert.NotEmpty(devices.Devices);
        Assert.All(devices.Devices, d => Assert.Equal("household-wf-001", d.Owner));

        var locate = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Devices.DevicesClient(family).LocateAsync(new LocateRequest { DeviceId = Roles.GrandpaLi }));
        Assert.Equal(StatusCode.NotFound, locate.StatusCode);

        // The Tiangu police room sees none of Wufu's alarms.
        var tiangu = await new V1.Alarms.AlarmsClient(gateway.Channel(roles.Tokens["post-tiangu"])).ListAsync(new ListAlarmsRequest());
        Assert.Empty(tiangu.Alarms);
    }

    [Fact]
    public async Task StolenBike_SightedInAnotherCommunity_ReachesBothPostsAndTheOwnerWithItsTrailAndIsAudited()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        var owner = gateway.Channel(roles.Tokens["owner"]);
        var report = await new V1.Devices.DevicesClient(owner).ReportStolenAsync(new ReportStolenRequest
        {
            DeviceId = Roles.BlueBike, PoliceReportNumber = "AL-2026-1107", LastSeenPlace = "outside building 3", Description = "blue Yadea, basket",
        });
        Assert.Equal("Owner of the blue Yadea", report.Report.ReportedBy);
        var again = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Devices.DevicesClient(owner).ReportStolenAsync(new ReportStolenRequest { DeviceId = Roles.BlueBike, PoliceReportNumber = "X" }));
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        using var tianguWatch = new V1.Alarms.AlarmsClient(gateway.Channel(roles.Tokens["post-tiangu"])).Watch(new WatchAlarmsRequest { AfterSequence = 0 });
        await gateway.SendAsync(Frames.Position(Roles.BlueBike, 1, 25.0850, 105.4920), "tiangu-gate-north");
        var sighted = (await tianguWatch.ResponseStream.NextEventsAsync(1))[0];
        Assert.Equal(AlarmKind.StolenBikeSighted, sighted.Alarm.Kind);
        Assert.Equal(AlarmSeverity.Critical, sighted.Alarm.Severity);
        Assert.Equal("wufu", sighted.Alarm.HomeCommunityId);
        Assert.Equal("tiangu", sighted.Alarm.SeenCommunityId);

        var located = await new V1.Devices.DevicesClient(owner).LocateAsync(new LocateRequest
        {
            DeviceId = Roles.BlueBike, Trail = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(2)),
        });
        Assert.Equal(25.0850, located.Location.Latitude, 4);
        Assert.Equal("tiangu-gate-north", located.LastReceiverId);
        Assert.Single(located.Trail);
        Assert.True(located.Device.ReportedStolen);

        var admin = new V1.Administration.AdministrationClient(gateway.Channel(gateway.AdminToken));
        var audit = await admin.ListAuditAsync(new ListAuditRequest());
        var actions = audit.Entries.Where(e => e.Actor == "Owner of the blue Yadea").Select(e => e.Action).ToList();
        Assert.Contains("report-stolen", actions);
        Assert.Contains("locate", actions);
        Assert.Contains(audit.Entries, e => e.Action == "token-create" && e.Actor == "administrator");

        await new V1.Devices.DevicesClient(owner).ReportRecoveredAsync(new ReportRecoveredRequest { DeviceId = Roles.BlueBike });
        var after = await new V1.Devices.DevicesClient(owner).GetAsync(new GetDeviceRequest { DeviceId = Roles.BlueBike });
        Assert.False(after.ReportedStolen);
    }

    [Fact]
    public async Task Tokens_AreStoredAsHashes_TheAdminTokenFileIsPrivate_AndARevokedTokenIsRefusedAtOnce()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var tokenFile = Path.Combine(data.Path, "admin-token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        var admin = new V1.Administration.AdministrationClient(gateway.Channel(gateway.AdminToken));
        var created = await admin.CreateTokenAsync(new CreateTokenRequest { Name = "Jiulong police room", Role = Role.Post, CommunityIds = { "jiulong" } });
        if (TestStore.IsPostgreSql)
        {
            Assert.DoesNotContain(created.Secret, TestStore.RowsAsText(data.Path, "api_tokens"), StringComparison.Ordinal);
        }
        else
        {
            var database = await File.ReadAllBytesAsync(Path.Combine(data.Path, "gateway.db"));
            var wal = File.Exists(Path.Combine(data.Path, "gateway.db-wal")) ? await File.ReadAllBytesAsync(Path.Combine(data.Path, "gateway.db-wal")) : [];
            var secret = System.Text.Encoding.UTF8.GetBytes(created.Secret);
            Assert.Equal(-1, database.AsSpan().IndexOf(secret));
            Assert.Equal(-1, wal.AsSpan().IndexOf(secret));
        }

        var jiulong = new V1.Administration.AdministrationClient(gateway.Channel(created.Secret));
        Assert.Equal("Jiulong police room", (await jiulong.WhoAmIAsync(new WhoAmIRequest())).Name);
        await admin.RevokeTokenAsync(new RevokeTokenRequest { TokenId = created.Token.Id });
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await jiulong.WhoAmIAsync(new WhoAmIRequest()));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        var forged = new V1.Administration.AdministrationClient(gateway.Channel(created.Secret[..^4] + "AAAA"));
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(async () => await forged.WhoAmIAsync(new WhoAmIRequest()))).StatusCode);
    }

    [Fact]
    public async Task BadArguments_AreInvalidArgumentNamingTheField_AndNothingIsApplied()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var channel = gateway.Channel(gateway.AdminToken);
        async Task<string> DetailOf(Func<Task> call) =>
            (await Assert.ThrowsAsync<RpcException>(call)) is { StatusCode: StatusCode.InvalidArgument } e ? e.Status.Detail : "not InvalidArgument";

        Assert.StartsWith("page.page_size", await DetailOf(async () =>
            await new V1.Alarms.AlarmsClient(channel).ListAsync(new ListAlarmsRequest { Page = new PageRequest { PageSize = 5000 } })));
        Assert.StartsWith("police_report_number", await DetailOf(async () =>
            await new V1.Devices.DevicesClient(channel).ReportStolenAsync(new ReportStolenRequest { DeviceId = Roles.BlueBike })));
        Assert.StartsWith("role", await DetailOf(async () =>
            await new V1.Administration.AdministrationClient(channel).CreateTokenAsync(new CreateTokenRequest { Name = "x", Role = (Role)42 })));
        Assert.StartsWith("note", await DetailOf(async () =>
            await new V1.Alarms.AlarmsClient(channel).ResolveAsync(new ResolveAlarmRequest { AlarmId = 1 })));
        Assert.StartsWith("device.community_id", await DetailOf(async () =>
            await new V1.Devices.DevicesClient(channel).EnrollAsync(new EnrollDeviceRequest
            {
                Device = new Device { Id = 0x33000002, Kind = DeviceKind.ChildWristband, DisplayName = "x", CommunityId = "atlantis", Owner = "h" },
                KeyHex = "000102030405060708090a0b0c0d0e0f",
            })));
        var notEnrolled = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Devices.DevicesClient(channel).GetAsync(new GetDeviceRequest { DeviceId = 0x33000002 }));
        Assert.Equal(StatusCode.NotFound, notEnrolled.StatusCode);
    }

    [Fact]
    public void PlaintextEndpointBeyondLoopback_StopsTheGatewayAtStartWithWhatToDo()
    {
        using var data = new TempDirectory();
        var error = Assert.ThrowsAny<Exception>(() => new ApiGateway(data.Path, ("Kestrel:Endpoints:Grpc:Url", "http://0.0.0.0:" + FreePort.Next())));
        Assert.Contains("clear text", error.ToString(), StringComparison.Ordinal);
    }
}
