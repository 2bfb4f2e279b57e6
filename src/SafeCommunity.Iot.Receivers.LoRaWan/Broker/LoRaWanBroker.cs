using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SafeCommunity.Iot.Core.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Broker;

/// <summary>
/// The embedded MQTT broker (MQTTnet.Server): a network server or an MQTT bridge publishes uplinks straight into the
/// gateway, and the gateway's own client subscribes to it like to any broker — so one small deployment needs no other
/// server. It starts listening in <see cref="StartAsync"/>, before the receiver connects.
/// <para>
/// Back-pressure instead of loss: while the QoS 1 messages queued for the gateway's own session and not yet
/// acknowledged by it (it acknowledges once the pipeline has stored them) reach <c>Broker:MaxGatewayBacklog</c>,
/// a publisher's next message waits before the broker takes it, so the publisher gets no PUBACK and slows down
/// (<see cref="GatewayBacklog"/>). A message carrying an alarm event is never held. The session queue's hard bound
/// (<c>Broker:MaxPendingMessagesPerClient</c>) then only matters for other clients; a message dropped there is
/// counted and logged.
/// </para>
/// <para>
/// Alarms first: an uplink carrying an alarm event is handed to the pipeline by the broker itself, ahead of the
/// gateway's session queue (<see cref="AlarmShortcut"/>), so an SOS never waits behind the backlog of routine
/// uplinks queued for the gateway.
/// </para>
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
    private readonly GatewayBacklog _backlog;
    private readonly AlarmShortcut _shortcut;
    private readonly LoRaWanMqttReceiver _receiver;
    private static readonly object HandedOverMark = new();

    private readonly ConditionalWeakTable<MqttApplicationMessage, object> _handedOver = [];
    private readonly LogRateLimiter _dropLog;
    private long _dropped;
    private MqttServer? _server;

    /// <summary>Creates the broker; it listens when the host starts it, if <c>Receivers:LoRaWan:Broker:Enabled</c> says so.</summary>
    public LoRaWanBroker(
        IOptions<LoRaWanOptions> options,
        LoRaWanMetrics metrics,
        TimeProvider time,
        ILogger<LoRaWanBroker> logger,
        AlarmShortcut shortcut,
        LoRaWanMqttReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options.Value;
        _logger = logger;
        _shortcut = shortcut;
        _receiver = receiver;
        _backlog = new GatewayBacklog(_options.Broker.MaxGatewayBacklog, time);
        _dropLog = new LogRateLimiter(time, TimeSpan.FromSeconds(10));
        if (_options.EmbeddedBrokerEnabled)
        {
            metrics.Meter.CreateObservableGauge(
                "safecomm.lorawan.broker.backlog", () => _backlog.Pending, "{message}", "QoS 1 messages the embedded broker queued for the gateway and the gateway has not acknowledged yet.");
            metrics.Meter.CreateObservableCounter(
                "safecomm.lorawan.broker.held", () => _backlog.Held, "{message}", "Publishes the embedded broker held back because the gateway's backlog was full.");
            metrics.Meter.CreateObservableCounter(
                "safecomm.lorawan.broker.held_time", () => _backlog.HeldTime.TotalSeconds, "s", "Time publishes spent held back, in total.");
            metrics.Meter.CreateObservableCounter(
                "safecomm.lorawan.broker.dropped", () => Dropped, "{message}", "Messages the embedded broker dropped from a full session queue.");
            metrics.Meter.CreateObservableCounter(
                "safecomm.lorawan.broker.alarm_shortcuts", () => _shortcut.Taken, "{message}", "Alarm uplinks the embedded broker handed to the pipeline ahead of the gateway's session queue.");
        }
    }

    /// <summary>Messages dropped from a full session queue so far (the gateway's own session is held, not dropped).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Publishes held back so far because the gateway's backlog was full.</summary>
    public long Held => _backlog.Held;

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

            server.InterceptingPublishAsync += OnPublishAsync;
            server.ApplicationMessageEnqueuedOrDroppedAsync += OnEnqueued;
            server.QueuedApplicationMessageOverwrittenAsync += OnOverwritten;
            server.ClientAcknowledgedPublishPacketAsync += OnAcknowledged;
            server.SessionDeletedAsync += OnSessionDeleted;

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

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        // The gateway's own publishes (downlinks) are never held: its connection also carries the acknowledgements
        // that make room, so holding them could wait forever.
        if (IsGateway(e.ClientId))
        {
            return;
        }

        var message = e.ApplicationMessage;
        if (CarriesAlarm(message))
        {
            await HandAlarmAsync(message, e.CancellationToken);
            return;
        }

        if (!_backlog.IsFull)
        {
            return;
        }

        try
        {
            await _backlog.WaitForRoomAsync(e.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The publisher is gone: it never gets a PUBACK and sends the message again when it is back.
            e.ProcessPublish = false;
        }
    }

    /// <summary>Hands an alarm uplink to the pipeline now; its session copy is then recognised by the receiver.</summary>
    private async Task HandAlarmAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (await _receiver.TryHandAlarmAsync(message.Topic, message.Payload, cancellationToken))
            {
                // Marked so the copy queued for the gateway's session is not counted as a message on its way.
                _handedOver.AddOrUpdate(message, HandedOverMark);
            }
        }
        catch (OperationCanceledException)
        {
            // The publisher is gone; the copy in the gateway's session is handled as usual.
        }
    }

    /// <summary>
    /// An uplink whose frame is an alarm event is never held and takes the shortcut to the pipeline. Decided from
    /// the frame's first byte alone, found without parsing the message, as every publish waits for the answer.
    /// </summary>
    internal static bool CarriesAlarm(MqttApplicationMessage message) =>
        LoRaWanMessageParser.TryReadFirstFrameByte(message.Topic, message.Payload, out var first) && RadioFrameReader.IsAlarmEvent([first]);

    private Task OnEnqueued(ApplicationMessageEnqueuedEventArgs e)
    {
        if (e.IsDropped)
        {
            Drop(e.ReceiverClientId);
        }
        else if (IsGateway(e.ReceiverClientId))
        {
            if (e.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
            {
                _backlog.Enqueued();
            }

            if (!_handedOver.TryGetValue(e.ApplicationMessage, out _))
            {
                _shortcut.Queued(e.ApplicationMessage.Topic);
            }
        }

        return Task.CompletedTask;
    }

    private Task OnOverwritten(QueueMessageOverwrittenEventArgs e)
    {
        if (IsGateway(e.ReceiverClientId))
        {
            _backlog.Removed();
        }

        Drop(e.ReceiverClientId);
        return Task.CompletedTask;
    }

    private Task OnAcknowledged(ClientAcknowledgedPublishPacketEventArgs e)
    {
        if (IsGateway(e.ClientId))
        {
            _backlog.Removed();
        }

        return Task.CompletedTask;
    }

    private Task OnSessionDeleted(SessionDeletedEventArgs e)
    {
        if (IsGateway(e.Id))
        {
            _backlog.Reset();
            _shortcut.Reset();
        }

        return Task.CompletedTask;
    }

    private void Drop(string clientId)
    {
        Interlocked.Increment(ref _dropped);
        if (_dropLog.TryAcquire(out var suppressed))
        {
            LoRaWanLog.BrokerDroppedMessage(_logger, clientId, _options.Broker.MaxPendingMessagesPerClient, suppressed);
        }
    }

    private bool IsGateway(string clientId) => string.Equals(clientId, _options.ClientId, StringComparison.Ordinal);

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
