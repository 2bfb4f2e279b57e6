using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// Mosquitto with a TLS listener whose certificate (for 127.0.0.1) is signed by a private CA made for the test run;
/// <see cref="CaCertificatePath"/> is that CA's PEM file.
/// </summary>
public sealed class MosquittoTlsFixture : MosquittoFixture
{
    public override string Name => "mosquitto-tls";

    public string CaCertificatePath => Path.Combine(Directory, "ca.pem");

    protected override string ListenerOptions()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SafeCommunity test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);

        File.WriteAllText(CaCertificatePath, ca.ExportCertificatePem());
        var certificate = Path.Combine(Directory, "server.pem");
        var key = Path.Combine(Directory, "server.key");
        File.WriteAllText(certificate, server.ExportCertificatePem());
        File.WriteAllText(key, serverKey.ExportPkcs8PrivateKeyPem());
        return $"""
            cafile {CaCertificatePath}
            certfile {certificate}
            keyfile {key}
            """;
    }
}
