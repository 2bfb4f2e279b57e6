using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// One gRPC channel to one gateway address with the bearer token on every call. Plain <c>http://</c> addresses
/// speak HTTP/2 without TLS (h2c); <c>https://</c> ones use TLS, trusting the system's CAs and, with <c>--ca-file</c>, the PEM
/// certificates in that file (a private CA or the gateway's self-signed certificate). HTTP/2 keep-alive pings keep
/// a quiet alarm stream open through proxies and notice a dead connection.
/// </summary>
internal sealed class GatewayChannel : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly X509Certificate2Collection? _trusted;

    /// <summary>Opens a channel to <paramref name="address"/>; <paramref name="trusted"/> (the CA file's certificates) stays the caller's.</summary>
    public GatewayChannel(Uri address, string token, X509Certificate2Collection? trusted)
    {
        Address = address;
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
            UseProxy = address.Scheme == Uri.UriSchemeHttps,
        };
        if (trusted is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TrustAlsoTheCaFile;
        }

        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        var authorization = "Bearer " + token;
        Invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });
    }

    /// <summary>The address of this channel.</summary>
    public Uri Address { get; }

    /// <summary>Calls go through this (it adds the authorization header).</summary>
    public CallInvoker Invoker { get; }

    public void Dispose() => _channel.Dispose();

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
