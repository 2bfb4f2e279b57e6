using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Access;

/// <summary>The API over TLS with a configured certificate, on any address.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task HttpsEndpointWithACertificate_ServesTheApiToAClientThatTrustsIt()
    {
        using var data = new TempDirectory();
        using var certificate = SelfSigned();
        var pfx = Path.Combine(data.Path, "gateway.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        var port = FreePort.Next();
        await using var gateway = new ApiGateway(
            data.Path,
            ("Kestrel:Endpoints:Grpc:Url", $"https://0.0.0.0:{port}"),
            ("Kestrel:Endpoints:Grpc:Certificate:Path", pfx),
            ("Kestrel:Endpoints:Grpc:Certificate:Password", "test-password"));

        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + gateway.AdminToken);
                return Task.CompletedTask;
            })),
        });
        var me = await new V1.Administration.AdministrationClient(channel).WhoAmIAsync(new WhoAmIRequest());
        Assert.Equal(Role.Admin, me.Role);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=safecomm-gateway-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
