using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// One gRPC channel to the gateway with the bearer token on every call. Plain <c>http://</c> addresses speak HTTP/2
/// without TLS (h2c); <c>https://</c> ones use TLS, trusting the system's CAs and, with <c>--ca-file</c>, the PEM
/// certificates in that file (a private CA or the gateway's self-signed certificate). HTTP/2 keep-alive pings keep
/// a quiet alarm stream open through proxies and notice a dead connection.
/// </summary>
internal sealed class GatewayConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly X509Certificate2Collection? _trusted;

    private GatewayConnection(GatewaySettings settings, X509Certificate2Collection? trusted)
    {
        Address = settings.Address;
        _trusted = trusted;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,

            // HTTP/2 without TLS cannot pass a forward proxy (HTTP_PROXY would get an HTTP/1.1 request), so plain
            // http goes direct; https may tunnel through one.
            UseProxy = settings.Address.Scheme == Uri.UriSchemeHttps,
        };
        if (trusted is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TrustAlsoTheCaFile;
        }

        _channel = GrpcChannel.ForAddress(settings.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        var authorization = "Bearer " + settings.Token;
        Invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });
    }

    /// <summary>The gateway's address, for messages.</summary>
    public Uri Address { get; }

    /// <summary>Calls go through this (it adds the authorization header).</summary>
    public CallInvoker Invoker { get; }

    public Alarms.AlarmsClient Alarms => new(Invoker);

    public Devices.DevicesClient Devices => new(Invoker);

    public Geofences.GeofencesClient Geofences => new(Invoker);

    public Receivers.ReceiversClient Receivers => new(Invoker);

    public Administration.AdministrationClient Administration => new(Invoker);

    public History.HistoryClient History => new(Invoker);

    /// <summary>The notifications service.</summary>
    public Notifications.NotificationsClient Notifications => new(Invoker);

    /// <summary>Opens the channel; false when the CA file cannot be used.</summary>
    public static bool TryOpen(GatewaySettings settings, out GatewayConnection connection, out CliFailure failure)
    {
        connection = null!;
        X509Certificate2Collection? trusted = null;
        if (settings.CaFile is { } caFile)
        {
            trusted = [];
            try
            {
                trusted.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                failure = new CliFailure(ExitCodes.Usage, $"cannot read the CA file {caFile}: {e.Message}");
                return false;
            }

            if (trusted.Count == 0)
            {
                failure = new CliFailure(ExitCodes.Usage, $"the CA file {caFile} has no PEM certificate (-----BEGIN CERTIFICATE-----)");
                return false;
            }
        }

        connection = new GatewayConnection(settings, trusted);
        failure = default;
        return true;
    }

    public void Dispose()
    {
        _channel.Dispose();
        if (_trusted is not null)
        {
            foreach (var certificate in _trusted)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// Accepts what the system trusts, and otherwise a chain that ends at a certificate of the CA file. A name that
    /// does not match the address, or no certificate at all, is refused whatever the CA file says.
    /// </summary>
    private bool TrustAlsoTheCaFile(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted!);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 certificate2)
        {
            return custom.Build(certificate2);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(copy);
    }
}
