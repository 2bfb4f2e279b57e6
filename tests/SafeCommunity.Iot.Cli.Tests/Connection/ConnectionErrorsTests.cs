using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Connection;

/// <summary>Reaching the gateway and being let in: unreachable, no token, refused token, not allowed, TLS.</summary>
public sealed class ConnectionErrorsTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private FakeGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeGateway.StartAsync();
        _gateway.Administration.Unary.On<WhoAmIRequest, TokenInfo>("WhoAmI", _ => new TokenInfo { Id = "t-1", Name = "Wufu police room", Role = Role.Post });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _files.Delete();
    }

    [Fact]
    public async Task UnreachableGateway_ExitsThreeNamingTheAddress()
    {
        var port = ClosedPort();
        var console = new TestConsole(files: _files);

        var exit = await console.RunAsync("whoami", "--gateway", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.StartsWith($"safecomm: gateway unreachable at http://127.0.0.1:{port}: ", console.Errors, StringComparison.Ordinal);
        Assert.Single(console.Errors.Trim().Split('\n'));
    }

    [Fact]
    public async Task PlainHttpEndpointWithoutHttp2_IsUnreachableWithAHint()
    {
        await using var gateway = await FakeGateway.StartAsync(protocols: Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2);
        var console = new TestConsole(gateway, files: _files);

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("HTTP_1_1_REQUIRED", console.Errors, StringComparison.Ordinal);
        Assert.Contains("gRPC needs HTTP/2", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingToken_ExitsFourSayingHowToGiveOne()
    {
        var console = new TestConsole(_gateway, token: null, files: _files);

        var exit = await console.RunAsync("alarms", "list");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Contains("no token: give --token-file PATH or --token TOKEN, or set SAFECOMM_TOKEN_FILE or SAFECOMM_TOKEN", console.Errors, StringComparison.Ordinal);
        Assert.Empty(_gateway.AuthorizationHeaders);
    }

    [Fact]
    public async Task RefusedToken_ExitsFourAndNeverPrintsTheToken()
    {
        var console = new TestConsole(_gateway, token: "sc_revoked-secret-42", files: _files);

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Contains("the token was refused by the gateway at", console.Errors, StringComparison.Ordinal);
        Assert.Contains("unknown or revoked token", console.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("sc_revoked-secret-42", console.Errors + console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_IsSentAsABearerAuthorizationHeader()
    {
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("Bearer " + FakeGateway.GoodToken, _gateway.AuthorizationHeaders.Single());
    }

    [Fact]
    public async Task TokenFile_IsTrimmed()
    {
        var file = _files.NewPath("token");
        await File.WriteAllTextAsync(file, $"  {FakeGateway.GoodToken}\n\n");
        var console = new TestConsole(_gateway, token: null, files: _files);

        var exit = await console.RunAsync("whoami", "--token-file", file);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("Bearer " + FakeGateway.GoodToken, _gateway.AuthorizationHeaders.Single());
    }

    [Fact]
    public async Task TokenFileVariable_IsUsedWhenNoFlagOrTokenVariable()
    {
        var file = _files.NewPath("token");
        await File.WriteAllTextAsync(file, FakeGateway.GoodToken);
        var console = new TestConsole(_gateway, token: null, files: _files);
        console.Environment["SAFECOMM_TOKEN_FILE"] = file;

        var exit = await console.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, exit);
    }

    [Fact]
    public async Task TokenFlag_WinsOverTheEnvironment()
    {
        var console = new TestConsole(_gateway, token: "sc_other", files: _files);

        var exit = await console.RunAsync("whoami", "--token", FakeGateway.GoodToken);

        Assert.Equal(ExitCodes.Success, exit);
    }

    [Fact]
    public async Task UnreadableTokenFile_ExitsFourNamingTheFile()
    {
        var console = new TestConsole(_gateway, token: null, files: _files);

        var exit = await console.RunAsync("whoami", "--token-file", "/nonexistent/token");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Contains("cannot read the token file /nonexistent/token", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermissionDenied_SaysWhatTheTokenMayNotDo()
    {
        _gateway.Alarms.Unary.Fail("Acknowledge", StatusCode.PermissionDenied, "alarm 12 belongs to community jiulong");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "ack", "12");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Equal("safecomm: this token may not acknowledge alarm 12: alarm 12 belongs to community jiulong", console.Errors.Trim());
    }

    [Fact]
    public async Task NotFound_ExitsOne()
    {
        _gateway.Alarms.Unary.Fail("Get", StatusCode.NotFound, "no alarm 99");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "get", "99");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("safecomm: cannot read alarm 99: not found: no alarm 99", console.Errors.Trim());
    }

    [Fact]
    public async Task InvalidArgument_PassesOnTheServersMessage()
    {
        _gateway.Alarms.Unary.Fail("Resolve", StatusCode.InvalidArgument, "note: at most 2000 characters");
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "resolve", "12", "--note", "done");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("safecomm: cannot resolve alarm 12: note: at most 2000 characters", console.Errors.Trim());
    }

    [Fact]
    public async Task Interrupted_ExitsWith130()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync(stop.Token, "whoami");

        Assert.Equal(ExitCodes.Interrupted, exit);
    }

    [Fact]
    public async Task Https_WithTheCertificateInCaFile_Connects()
    {
        using var certificate = SelfSigned();
        await using var gateway = await FakeGateway.StartAsync(certificate);
        gateway.Administration.Unary.On<WhoAmIRequest, TokenInfo>("WhoAmI", _ => new TokenInfo { Id = "t-1", Role = Role.Admin });
        var caFile = _files.NewPath("ca.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
        var console = new TestConsole(token: FakeGateway.GoodToken, files: _files);

        var exit = await console.RunAsync("whoami", "--gateway", $"https://localhost:{gateway.Address.Port}", "--ca-file", caFile);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("role     admin", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_UntrustedCertificate_IsUnreachableWithACaFileHint()
    {
        using var certificate = SelfSigned();
        await using var gateway = await FakeGateway.StartAsync(certificate);
        var console = new TestConsole(token: FakeGateway.GoodToken, files: _files);

        var exit = await console.RunAsync("whoami", "--gateway", $"https://localhost:{gateway.Address.Port}");

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("give it with --ca-file", console.Errors, StringComparison.Ordinal);
        Assert.Empty(gateway.AuthorizationHeaders);
    }

    [Fact]
    public async Task Https_CaFileWithoutCertificate_IsAUsageError()
    {
        var caFile = _files.NewPath("ca.pem");
        await File.WriteAllTextAsync(caFile, "not a certificate");
        var console = new TestConsole(token: FakeGateway.GoodToken, files: _files);

        var exit = await console.RunAsync("whoami", "--gateway", "https://localhost:5443", "--ca-file", caFile);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("has no PEM certificate", console.Errors, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
