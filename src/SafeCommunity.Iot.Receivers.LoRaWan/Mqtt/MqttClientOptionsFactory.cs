using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// The client's connection settings: MQTT 5 with a persistent session (clean start off and a session expiry, both
/// needed), Receive Maximum as the in-flight window, credentials, and TLS with an optional private CA.
/// </summary>
internal static class MqttClientOptionsFactory
{
    /// <summary>
    /// The socket's receive and send buffers. MQTTnet sets both to its own default of 8 KiB, which pins the TCP
    /// window at that size and turns off the kernel's receive autotuning: once a broker has a backlog for the
    /// gateway, it may only send a few uplinks per window, and Linux's silly-window avoidance then lets Mosquitto
    /// deliver about 20 uplinks a second while both ends sit idle. 4 MiB (the kernel caps it at
    /// <c>net.core.rmem_max</c>) keeps a window of thousands of uplinks open.
    /// </summary>
    internal const int SocketBufferBytes = 4 * 1024 * 1024;

    public static MqttClientOptions Create(LoRaWanOptions options, BrokerEndpoint endpoint, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port, endpoint.AddressFamily)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(options.ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)Math.Min(uint.MaxValue, Math.Floor(options.SessionExpiry.TotalSeconds)))
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.ConnectTimeout)
            .WithReceiveMaximum((ushort)options.ReceiveMaximum);

        // The embedded broker's own credentials serve its own client unless others are given.
        var username = options.Username ?? (options.UsesEmbeddedBroker ? options.Broker.Username : null);
        var password = options.Password ?? (options.UsesEmbeddedBroker ? options.Broker.Password : null);
        if (!string.IsNullOrEmpty(username))
        {
            builder.WithCredentials(username, password ?? string.Empty);
        }

        if (options.UseTls)
        {
            var validator = new BrokerCertificateValidator(options, endpoint, logger);
            builder.WithTlsOptions(tls => tls
                .UseTls(true)
                .WithTargetHost(endpoint.Host)
                .WithCertificateValidationHandler(validator.Validate));
        }

        var clientOptions = builder.Build();
        if (clientOptions.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = SocketBufferBytes;
        }

        return clientOptions;
    }

    /// <summary>Checks the broker's certificate: the system trust store, or the configured CA; anything only when explicitly allowed.</summary>
    private sealed class BrokerCertificateValidator
    {
        private readonly bool _allowUntrusted;
        private readonly X509Certificate2Collection? _authorities;
        private readonly string _broker;
        private readonly ILogger _logger;

        public BrokerCertificateValidator(LoRaWanOptions options, BrokerEndpoint endpoint, ILogger logger)
        {
            _allowUntrusted = options.AllowUntrustedCertificates;
            _broker = endpoint.ReceiverId;
            _logger = logger;
            if (_allowUntrusted)
            {
                LoRaWanLog.UntrustedCertificatesAllowed(logger);
            }

            if (options.CaCertificatePath is { } path)
            {
                _authorities = LoadAuthorities(path);
            }
        }

        public bool Validate(MqttClientCertificateValidationEventArgs args)
        {
            if (_allowUntrusted || args.SslPolicyErrors == SslPolicyErrors.None)
            {
                return true;
            }

            // A private CA can fix an untrusted chain, never a missing certificate or a wrong host name.
            if (_authorities is null || args.Certificate is null ||
                (args.SslPolicyErrors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                LoRaWanLog.CertificateRejected(_logger, _broker, args.SslPolicyErrors.ToString());
                return false;
            }

            using var certificate = X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (args.Chain is { } presented)
            {
                foreach (var element in presented.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            if (chain.Build(certificate))
            {
                return true;
            }

            LoRaWanLog.CertificateRejected(_logger, _broker, string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
            return false;
        }

        private static X509Certificate2Collection LoadAuthorities(string path)
        {
            var authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(path);
            }
            catch (CryptographicException)
            {
                // Not PEM: try one DER certificate.
            }

            if (authorities.Count == 0)
            {
                try
                {
                    authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                }
                catch (CryptographicException exception)
                {
                    throw new InvalidOperationException(
                        $"{LoRaWanOptions.SectionName}:CaCertificatePath '{path}' holds no certificate (PEM or DER expected).", exception);
                }
            }

            return authorities;
        }
    }
}
