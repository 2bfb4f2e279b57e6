using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Broker;

/// <summary>
/// The embedded MQTT broker (MQTTnet.Server): a network server or an MQTT bridge publishes uplinks straight into the
/// gateway, and the gateway's own client subscribes to it like to any broker — so one small deployment needs no other
/// server. It starts listening in <see cref="StartAsync"/>, before the receiver connects.
/// <para>
/// Limits, by design of MQTTnet.Server: sessions (subscriptions and queued QoS 1 messages) live in memory only, so a
/// gateway restart loses what was queued; shared subscriptions (<c>$share/...</c>) are not supported. A deployment
/// with several gateways, or one that must keep queued uplinks across restarts, uses Mosquitto or EMQX.
/// </para>
/// </summary>
public sealed class LoRaWanBroker : BackgroundService
{
    private readonly LoRaWanOptions _options;
    private readonly ILogger<LoRaWanBroker> _logger;
    private MqttServer? _server;

    /// <summary>Creates the broker; it listens when the host starts it, if <c>Receivers:LoRaWan:Broker:Enabled</c> says so.</summary>
    public LoRaWanBroker(IOptions<LoRaWanOptions> options, ILogger<LoRaWanBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Whether it is listening.</summary>
    public bool IsRunning => _server?.IsStarted == true;

    /// <summary>Starts listening (when enabled), then the background part.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.EmbeddedBrokerEnabled)
        {
            var broker = _options.Broker;
            var address = IPAddress.Parse(broker.BindAddress);
            var ipv6 = address.AddressFamily == AddressFamily.InterNetworkV6;

            // MQTTnet listens on both address families unless told not to: bind exactly the one address configured.
            var serverOptions = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointPort(broker.Port)
                .WithDefaultEndpointBoundIPAddress(ipv6 ? IPAddress.None : address)
                .WithDefaultEndpointBoundIPV6Address(ipv6 ? address : IPAddress.None)
                .WithPersistentSessions(true)
                .WithMaxPendingMessagesPerClient(broker.MaxPendingMessagesPerClient)
                .Build();
            var server = new MqttServerFactory().CreateMqttServer(serverOptions);
            if (!string.IsNullOrEmpty(broker.Username))
            {
                var username = Encoding.UTF8.GetBytes(broker.Username);
                var password = Encoding.UTF8.GetBytes(broker.Password ?? string.Empty);
                server.ValidatingConnectionAsync += e => ValidateLogin(e, username, password);
            }

            var endpoint = new IPEndPoint(address, broker.Port).ToString();
            try
            {
                await server.StartAsync();
            }
            catch (SocketException exception)
            {
                server.Dispose();
                throw new InvalidOperationException(
                    $"The embedded MQTT broker cannot listen on {endpoint} ({exception.SocketErrorCode}): choose another {LoRaWanBrokerOptions.SectionName}:Port, " +
                    $"or set {LoRaWanOptions.SectionName}:Host to use an external broker.",
                    exception);
            }

            _server = server;
            LoRaWanLog.BrokerStarted(_logger, endpoint, string.IsNullOrEmpty(broker.Username) ? "no login" : "login required");
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Stops listening and disconnects every client.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(new MqttServerStopOptions());
            server.Dispose();
            LoRaWanLog.BrokerStopped(_logger);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _server?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    private Task ValidateLogin(ValidatingConnectionEventArgs e, byte[] username, byte[] password)
    {
        var givenUser = Encoding.UTF8.GetBytes(e.UserName ?? string.Empty);
        var givenPassword = e.RawPassword ?? [];

        // Both compared in full and in constant time, so neither leaks through timing.
        var userMatches = CryptographicOperations.FixedTimeEquals(givenUser, username);
        var passwordMatches = CryptographicOperations.FixedTimeEquals(givenPassword, password);
        if (!(userMatches & passwordMatches))
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LoRaWanLog.BrokerLoginRefused(_logger, e.ClientId, e.RemoteEndPoint?.ToString());
        }

        return Task.CompletedTask;
    }
}
