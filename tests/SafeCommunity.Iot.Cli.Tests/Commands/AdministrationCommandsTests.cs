using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Commands;

/// <summary>receivers, geofences, tokens, whoami and audit.</summary>
public sealed class AdministrationCommandsTests : IAsyncLifetime
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
    public async Task ReceiversList_ShowsHealth()
    {
        _gateway.Receivers.Unary.On<ListReceiversRequest, ListReceiversResponse>("List", _ => new ListReceiversResponse
        {
            Receivers =
            {
                new ReceiverInfo
                {
                    Id = "wufu-gate-north", Name = "Wufu north gate", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu",
                    Link = ReceiverLinkState.Connected, LinkDetail = "/dev/ttyUSB0", LastHeard = Timestamp.FromDateTimeOffset(TestConsole.Now.AddSeconds(-20)),
                    Frames = 1200, Accepted = 1100, Duplicates = 90, Errors = 8, LinkErrors = 2, Latitude = 25.1, Longitude = 105.6,
                },
                new ReceiverInfo { Id = "patrol-1", Kind = ReceiverKind.Mobile },
            },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("receivers", "list", "--community", "wufu");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(["wufu"], _gateway.Receivers.Unary.Last<ListReceiversRequest>().CommunityIds);
        var lines = console.OutputLines;
        Assert.Contains("connected (/dev/ttyUSB0)  20 s ago", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("1200      1100          90      10  25.10000,105.60000", lines[1], StringComparison.Ordinal);
        Assert.Contains("never", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeofencesList_WritesTheFile()
    {
        const string GeoJson = "{\"type\":\"FeatureCollection\",\"features\":[]}";
        _gateway.Geofences.Unary.On<ListGeofencesRequest, GeofencesResponse>("List", _ => new GeofencesResponse { Geojson = GeoJson, Count = 0 });
        var file = _files.NewPath("fences.geojson");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("geofences", "list", "--community", "wufu", "-o", file);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(GeoJson, (await File.ReadAllTextAsync(file)).Trim());
        Assert.Equal($"wrote 0 fences to {file}", console.OutputLines.Single());
    }

    [Fact]
    public async Task GeofencesImport_IdTaken_SuggestsReplace()
    {
        var file = await GeoJsonFile();
        _gateway.Geofences.Unary.Fail("Create", StatusCode.AlreadyExists, "geofence school-7 exists");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("geofences", "import", file);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("(geofence school-7 exists)", console.Errors, StringComparison.Ordinal);
        Assert.Contains($"safecomm geofences import {file} --replace", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeofencesImport_Replace_UsesUpdate()
    {
        var file = await GeoJsonFile();
        _gateway.Geofences.Unary.On<GeofenceGeoJsonRequest, GeofencesResponse>("Update", request => new GeofencesResponse { Geojson = request.Geojson, Count = 1 });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("geofences", "import", file, "--replace");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal($"updated 1 fence from {file}", console.OutputLines.Single());
        Assert.Contains("school-7", _gateway.Geofences.Unary.Last<GeofenceGeoJsonRequest>().Geojson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeofencesDelete_UnknownId_IsNotFound()
    {
        _gateway.Geofences.Unary.Fail("Delete", StatusCode.NotFound, "no geofence school-9");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("geofences", "delete", "school-9");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("safecomm: cannot delete geofence school-9: not found: no geofence school-9", console.Errors.Trim());
    }

    [Fact]
    public async Task TokensCreate_PrintsTheSecretOnceWithAWarning()
    {
        _gateway.Administration.Unary.On<CreateTokenRequest, CreateTokenResponse>("CreateToken", request => new CreateTokenResponse
        {
            Token = new TokenInfo { Id = "t-3f2a", Name = request.Name, Role = request.Role, CommunityIds = { request.CommunityIds }, ExpiresAt = request.ExpiresAt },
            Secret = "sc_new-secret-abc123",
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("tokens", "create", "--name", "Wufu police room", "--role", "post", "--community", "wufu", "--community", "tiangu", "--expires", "90d");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Administration.Unary.Last<CreateTokenRequest>();
        Assert.Equal(Role.Post, request.Role);
        Assert.Equal(["wufu", "tiangu"], request.CommunityIds);
        Assert.Equal(TestConsole.Now.AddDays(90), request.ExpiresAt.ToDateTimeOffset());
        Assert.Single(console.OutputLines, line => line.Contains("sc_new-secret-abc123", StringComparison.Ordinal));
        Assert.Contains("secret   sc_new-secret-abc123", console.Output, StringComparison.Ordinal);
        Assert.Contains("scope    communities wufu, tiangu", console.Output, StringComparison.Ordinal);
        Assert.Contains("it is not shown again", console.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeGateway.GoodToken, console.Output + console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensList_All_AsksForRevokedToo()
    {
        _gateway.Administration.Unary.On<ListTokensRequest, ListTokensResponse>("ListTokens", _ => new ListTokensResponse
        {
            Tokens = { new TokenInfo { Id = "t-1", Name = "Wang family", Role = Role.Family, Principal = "wang-household" } },
        });
        var console = new TestConsole(_gateway, files: _files);

        await console.RunAsync("tokens", "list", "--all");

        Assert.True(_gateway.Administration.Unary.Last<ListTokensRequest>().IncludeRevoked);
        Assert.Contains("t-1  Wang family  family  household wang-household", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensRevoke_SaysWhen()
    {
        _gateway.Administration.Unary.On<RevokeTokenRequest, TokenInfo>("RevokeToken", request => new TokenInfo
        {
            Id = request.TokenId, Name = "Wang family", RevokedAt = Timestamp.FromDateTimeOffset(TestConsole.Now),
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("tokens", "revoke", "t-1");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("token t-1 (Wang family) revoked at 2026-05-01 14:00:00", console.OutputLines.Single());
    }

    [Fact]
    public async Task WhoAmI_ShowsRoleAndScope()
    {
        _gateway.Administration.Unary.On<WhoAmIRequest, TokenInfo>("WhoAmI", _ => new TokenInfo { Id = "t-9", Name = "Li Wei", Role = Role.Owner, Principal = "li-wei" });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("role     owner", console.Output, StringComparison.Ordinal);
        Assert.Contains("scope    owner li-wei", console.Output, StringComparison.Ordinal);
        Assert.Contains("expires  never", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditList_SendsSinceActionAndToken()
    {
        _gateway.Administration.Unary.On<ListAuditRequest, ListAuditResponse>("ListAudit", _ => new ListAuditResponse
        {
            Entries =
            {
                new AuditEntry { Id = 1, At = Timestamp.FromDateTimeOffset(TestConsole.Now.AddMinutes(-5)), TokenId = "t-9", Actor = "Li Wei", Action = "locate", Target = "device 570425345" },
            },
        });
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("audit", "list", "--since", "2h", "--action", "locate", "--token-id", "t-9", "--page-size", "20");

        Assert.Equal(ExitCodes.Success, exit);
        var request = _gateway.Administration.Unary.Last<ListAuditRequest>();
        Assert.Equal(TestConsole.Now.AddHours(-2), request.Since.ToDateTimeOffset());
        Assert.Equal("locate", request.Action);
        Assert.Equal("t-9", request.TokenId);
        Assert.Equal(20, request.Page.PageSize);
        Assert.Contains("2026-05-01 13:55:00  Li Wei  t-9    locate  device 570425345", console.Output, StringComparison.Ordinal);
    }

    private async Task<string> GeoJsonFile()
    {
        var file = _files.NewPath("fences.geojson");
        await File.WriteAllTextAsync(file, "{\"type\":\"Feature\",\"id\":\"school-7\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.6,25.1]},\"properties\":{}}");
        return file;
    }
}
