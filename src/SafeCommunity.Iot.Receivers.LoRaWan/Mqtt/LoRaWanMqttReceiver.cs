using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Diagnostics;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Resilience;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// Reads uplinks from a LoRaWAN network server's MQTT integration and hands them to the pipeline.
/// <list type="bullet">
/// <item>MQTT 5 with a persistent session (clean start off, session expiry set): QoS 1 uplinks published while the
/// gateway is away wait at the broker. Every connection subscribes again, which is harmless when the session is
/// present and needed when it is not (first start, expired or lost session).</item>
/// <item>Reconnects by itself with exponential backoff and jitter (MQTTnet 5 has no managed client).</item>
/// <item>A QoS 1 message is acknowledged only after the pipeline has completed every raw uplink made from it (one per
/// gateway that heard the frame), i.e. after its effects are stored. Messages that are not uplinks (other events,
/// unknown topics, garbage) are counted and acknowledged in their turn (PUBACKs go out in the order the messages came),
/// so a poison message never blocks the queue.</item>
/// <item>Back-pressure: the message handler awaits <see cref="IUplinkIngress.WriteAsync"/>, and the broker sends at most
/// Receive Maximum unacknowledged messages ahead.</item>
/// </list>
/// </summary>
public sealed class LoRaWanMqttReceiver : PhasedBackgroundService, ILoRaWanPublisher
{
    /// <summary>The receiver id used for a reception whose gateway the network server does not name.</summary>
    public const string UnknownGatewayId = "lorawan:unknown-gateway";

    /// <summary>LoRaWAN gateways tracked on the status board; more are still handed on, just not shown.</summary>
    public const int MaxTrackedGateways = 4096;

    private static readonly LoRaWanReception[] NoGateway = [default];

    private readonly LoRaWanOptions _options;
    private readonly IUplinkIngress _ingress;
    private readonly DeviceRegistry _registry;
    private readonly ReceiverStatusBoard _board;
    private readonly LoRaWanMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<LoRaWanMqttReceiver> _logger;
    private readonly LogRateLimiter _rejectionLog;
    private readonly AlarmShortcut? _shortcut;
    private readonly ConcurrentDictionary<string, long> _gatewayUpdates = new(StringComparer.Ordinal);
    private MqttConnection? _current;
    private bool _everConnected;

    /// <summary>Creates the receiver; it connects when the host starts it.</summary>
    public LoRaWanMqttReceiver(
        IOptions<LoRaWanOptions> options,
        IUplinkIngress ingress,
        DeviceRegistry registry,
        ReceiverStatusBoard board,
        LoRaWanMetrics metrics,
        TimeProvider time,
        ILogger<LoRaWanMqttReceiver> logger,
        AlarmShortcut shortcut)
        : base(HostPhase.Source)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;

        // Only the embedded broker, in this process, hands alarms over ahead of this receiver's session.
        _shortcut = _options.EmbeddedBrokerEnabled ? shortcut : null;
        _ingress = ingress;
        _registry = registry;
        _board = board;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _rejectionLog = new LogRateLimiter(time, TimeSpan.FromSeconds(10));
        Endpoint = BrokerEndpoint.From(_options);
    }

    /// <summary>The broker connection's id on the <see cref="ReceiverStatusBoard"/> (<c>mqtt:{host}:{port}</c>).</summary>
    public string BrokerReceiverId => Endpoint.ReceiverId;

    /// <summary>Whether the receiver is connected and subscribed.</summary>
    public bool IsConnected => Volatile.Read(ref _current)?.Client.IsConnected == true;

    internal BrokerEndpoint Endpoint { get; }

    /// <inheritdoc />
    async Task<string?> ILoRaWanPublisher.PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _current);
        if (connection is null || !connection.Client.IsConnected)
        {
            return $"not connected to the MQTT broker {Endpoint.ReceiverId}";
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayloadSegment(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            var result = await connection.Client.PublishAsync(message, timeout.Token);
            return result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers
                ? null
                : $"the MQTT broker refused it: {result.ReasonCode} {result.ReasonString}".TrimEnd();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the MQTT broker {Endpoint.ReceiverId} did not acknowledge it within {_options.ConnectTimeout}";
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            return $"publishing failed: {exception.Message}";
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LoRaWanLog.Disabled(_logger);
            return;
        }

        await Task.Yield();
        var clientOptions = MqttClientOptionsFactory.Create(_options, Endpoint, _logger);
        var factory = new MqttClientFactory();
        var backoff = new ExponentialBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = await RunConnectionAsync(factory, clientOptions, backoff, stoppingToken);
            if (delay is null)
            {
                break;
            }

            try
            {
                await Task.Delay(delay.Value, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One connection from connect to close; returns the wait before the next attempt, or null when stopping.</summary>
    private async Task<TimeSpan?> RunConnectionAsync(
        MqttClientFactory factory, MqttClientOptions clientOptions, ExponentialBackoff backoff, CancellationToken stoppingToken)
    {
        UpdateBroker(ReceiverLink.Connecting, "connecting", reconnect: false);
        LoRaWanLog.Connecting(_logger, Endpoint.ReceiverId, _options.ClientId);
        using var connection = new MqttConnection(factory.CreateMqttClient(), _metrics, _time, _logger, stoppingToken);
        connection.Client.ApplicationMessageReceivedAsync += e => OnMessageAsync(connection, e);
        var subscribed = false;
        try
        {
            MqttClientConnectResult result;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                // A cancellable token replaces MQTTnet's own timeout, so give it one.
                timeout.CancelAfter(_options.ConnectTimeout);
                result = await connection.Client.ConnectAsync(clientOptions, timeout.Token);
                if (result.ResultCode == MqttClientConnectResultCode.Success && !await SubscribeAsync(connection.Client, timeout.Token))
                {
                    UpdateBroker(ReceiverLink.Disconnected, "subscription refused", reconnect: false);
                    return backoff.Next();
                }
            }

            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                // MQTTnet 5 returns a refused CONNACK instead of throwing.
                var refusedDelay = backoff.Next();
                LoRaWanLog.ConnectionRefused(_logger, Endpoint.ReceiverId, result.ResultCode.ToString(), result.ReasonString, refusedDelay);
                UpdateBroker(ReceiverLink.Disconnected, $"refused: {result.ResultCode}", reconnect: false);
                return refusedDelay;
            }

            subscribed = true;
            var reconnect = _everConnected;
            if (reconnect)
            {
                _metrics.Reconnected();
            }

            if (!result.IsSessionPresent && _everConnected)
            {
                LoRaWanLog.SessionLost(_logger, Endpoint.ReceiverId, _options.ClientId);
            }

            _everConnected = true;
            backoff.Reset();
            connection.StartAcknowledging();
            Volatile.Write(ref _current, connection);
            UpdateBroker(ReceiverLink.Connected, result.IsSessionPresent ? "connected (session present)" : "connected (new session)", reconnect);
            LoRaWanLog.Connected(_logger, Endpoint.ReceiverId, result.IsSessionPresent, string.Join(", ", _options.EffectiveTopicFilters));

            await connection.WaitUntilLostAsync(stoppingToken);
            var lostDelay = backoff.Next();
            LoRaWanLog.ConnectionLost(_logger, Endpoint.ReceiverId, lostDelay);
            UpdateBroker(ReceiverLink.Disconnected, "connection lost", reconnect: false);
            return lostDelay;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var failedDelay = backoff.Next();
            LoRaWanLog.ConnectFailed(_logger, exception, Endpoint.ReceiverId, failedDelay);
            UpdateBroker(ReceiverLink.Disconnected, $"connecting failed: {exception.Message}", reconnect: false);
            return failedDelay;
        }
        finally
        {
            Interlocked.CompareExchange(ref _current, null, connection);
            var stopping = stoppingToken.IsCancellationRequested;
            var unacknowledged = await connection.CloseAsync(stopping && subscribed ? _options.ShutdownDrainTimeout : TimeSpan.Zero);
            if (stopping)
            {
                if (unacknowledged == 0)
                {
                    LoRaWanLog.Stopped(_logger, Endpoint.ReceiverId);
                }
                else
                {
                    LoRaWanLog.StoppedWithPending(_logger, Endpoint.ReceiverId, unacknowledged);
                }

                UpdateBroker(ReceiverLink.Disconnected, "stopped", reconnect: false);
            }
        }
    }

    private async Task<bool> SubscribeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _options.EffectiveTopicFilters)
        {
            // No local: the gateway's own downlinks never come back to it. Retained messages only on a new subscription.
            builder.WithTopicFilter(f => f
                .WithTopic(filter)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithNoLocal(true)
                .WithRetainHandling(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly));
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken);
        var allGranted = true;
        foreach (var item in result.Items)
        {
            switch (item.ResultCode)
            {
                case MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2:
                    break;
                case MqttClientSubscribeResultCode.GrantedQoS0:
                    LoRaWanLog.SubscriptionDowngraded(_logger, Endpoint.ReceiverId, item.TopicFilter.Topic);
                    break;
                default:
                    LoRaWanLog.SubscriptionRefused(_logger, Endpoint.ReceiverId, item.TopicFilter.Topic, item.ResultCode.ToString());
                    allGranted = false;
                    break;
            }
        }

        return allGranted;
    }

    private async Task OnMessageAsync(MqttConnection connection, MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var topic = message.Topic ?? string.Empty;
        if (connection.Closing.IsCancellationRequested)
        {
            // Closing: leave it for the broker to deliver again.
            e.AutoAcknowledge = false;
            return;
        }

        if (_shortcut is { } shortcut)
        {
            if (shortcut.TryTakeCopy(topic, message.Payload, out var handoff) && !handoff.WasAbandoned)
            {
                AcknowledgeWhenProcessed(connection, e, handoff);
                return;
            }

            shortcut.Delivered(topic);
        }

        var result = LoRaWanMessageParser.Parse(topic, message.Payload);
        if (!result.IsUplink)
        {
            Reject(topic, result);
            connection.AcknowledgeInTurn(e);
            return;
        }

        var uplink = result.Uplink;
        if (IsMisaddressed(uplink, out var expected, out var actual))
        {
            _metrics.Message(LoRaWanMessageOutcome.DeviceMismatch);
            LoRaWanLog.DeviceMismatch(_logger, topic, expected, actual);
            connection.AcknowledgeInTurn(e);
            return;
        }

        _metrics.Message(LoRaWanMessageOutcome.Uplink);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LoRaWanLog.UplinkReceived(_logger, topic, uplink.FCnt, uplink.FPort, uplink.Receptions.Count, uplink.NetworkTime, Convert.ToHexStringLower(uplink.Payload.Span));
        }

        var receptions = ReceptionsOf(uplink);
        MessageAcknowledgement? acknowledgement = null;
        if (message.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
        {
            acknowledgement = connection.Track(e, receptions.Count);
        }

        await HandAsync(topic, uplink, receptions, acknowledgement, message.Dup && acknowledgement is not null, connection.Closing);
    }

    /// <summary>
    /// The embedded broker's shortcut (<see cref="AlarmShortcut"/>): an alarm uplink published on
    /// <paramref name="topic"/> is handed to the pipeline now, ahead of the messages queued for this receiver's session.
    /// False when it did not take the shortcut (not a well-formed uplink of a known device, an earlier message of
    /// its topic still on its way, or the receiver not subscribed to it): the session's copy is then handled as usual.
    /// </summary>
    internal async ValueTask<bool> TryHandAlarmAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        if (_shortcut is not { } shortcut || !IsSubscribedTo(topic))
        {
            return false;
        }

        var result = LoRaWanMessageParser.Parse(topic, payload);
        if (!result.IsUplink || IsMisaddressed(result.Uplink, out _, out _))
        {
            return false;
        }

        var uplink = result.Uplink;
        var receptions = ReceptionsOf(uplink);
        if (shortcut.TryStart(topic, payload, receptions.Count) is not { } handoff)
        {
            return false;
        }

        _metrics.Message(LoRaWanMessageOutcome.Uplink);
        await HandAsync(topic, uplink, receptions, handoff, redelivery: false, cancellationToken);
        return true;
    }

    private static IReadOnlyList<LoRaWanReception> ReceptionsOf(LoRaWanUplink uplink) => uplink.Receptions.Count > 0 ? uplink.Receptions : NoGateway;

    private bool IsSubscribedTo(string topic)
    {
        if (!IsConnected)
        {
            return false;
        }

        foreach (var filter in _options.EffectiveTopicFilters)
        {
            if (MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The session's copy of an alarm the shortcut handed over: acknowledged once the pipeline is done with it.</summary>
    private static void AcknowledgeWhenProcessed(MqttConnection connection, MqttApplicationMessageReceivedEventArgs e, ShortcutHandoff handoff)
    {
        if (e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce)
        {
            return;
        }

        var acknowledgement = connection.Track(e, 1);
        _ = handoff.Processed.ContinueWith(
            static (processed, state) => ((MessageAcknowledgement)state!).Complete(processed.Result ? UplinkOutcome.Accepted : UplinkOutcome.NotProcessed),
            acknowledgement,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async ValueTask HandAsync(
        string topic, LoRaWanUplink uplink, IReadOnlyList<LoRaWanReception> receptions, CountedCompletion? completion, bool redelivery, CancellationToken cancellationToken)
    {
        // The gateway's own clock decides when it heard a frame; the network server's time is for logs only.
        var now = _time.GetUtcNow();
        var handed = 0;
        try
        {
            foreach (var reception in receptions)
            {
                var receiverId = reception.GatewayId ?? UnknownGatewayId;
                var raw = new RawUplink(
                    receiverId, now, uplink.Payload, UplinkTransport.LoRaWan, reception.RssiDbm, reception.SnrDb, reception.Location, completion)
                {
                    IsRedelivery = redelivery,
                };
                await _ingress.WriteAsync(raw, cancellationToken);
                handed++;
                _metrics.Reception();
                GatewayHeard(receiverId, reception.Location, now);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            completion?.Abandon(receptions.Count - handed);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LoRaWanLog.HandlingFailed(_logger, exception, topic);
            completion?.Abandon(receptions.Count - handed);
        }
    }

    private void Reject(string topic, in LoRaWanParseResult result)
    {
        _metrics.Message(LoRaWanMetrics.OutcomeOf(result.Status));
        if (result.Status == LoRaWanParseStatus.IgnoredEvent)
        {
            LoRaWanLog.EventIgnored(_logger, result.Detail, topic);
            return;
        }

        _board.Update(Endpoint.ReceiverId, static health => health with { LinkErrors = health.LinkErrors + 1 });
        if (_rejectionLog.TryAcquire(out var suppressed))
        {
            LoRaWanLog.MessageRejected(_logger, topic, result.Status, result.Detail, suppressed);
        }
    }

    /// <summary>
    /// The registry knows the message's DevEUI (or The Things Stack device id) as one device, but the frame says it is
    /// from another: a device configured with the wrong identity. An unknown DevEUI is not a mismatch: the frame's own
    /// device id decides, and the pipeline counts unknown devices.
    /// </summary>
    private bool IsMisaddressed(LoRaWanUplink uplink, out uint expected, out uint actual)
    {
        expected = actual = 0;
        Device? known = null;
        if (uplink.DevEui is { } devEui && _registry.TryGetDeviceByDevEui(devEui, out var byEui))
        {
            known = byEui;
        }
        else if (uplink.NetworkServerDeviceId is { } nsId && _registry.TryGetDeviceByNetworkServerId(nsId, out var byNsId))
        {
            known = byNsId;
        }

        // A frame that does not decode is the pipeline's to count as malformed.
        if (known is null || RadioFrameReader.Read(uplink.Payload.Span, out var frame) != RadioFrameError.None)
        {
            return false;
        }

        expected = known.Id;
        actual = frame.DeviceId;
        return expected != actual;
    }

    private void GatewayHeard(string gatewayId, GeoPoint? location, DateTimeOffset now)
    {
        // At most one board update per gateway and second: the board is for people, not for every frame.
        var ticks = now.UtcTicks;
        if (_gatewayUpdates.TryGetValue(gatewayId, out var last))
        {
            if (ticks - last < TimeSpan.TicksPerSecond)
            {
                return;
            }
        }
        else if (_gatewayUpdates.Count >= MaxTrackedGateways)
        {
            return;
        }

        _gatewayUpdates[gatewayId] = ticks;
        var detail = $"LoRaWAN gateway, last heard through {Endpoint.ReceiverId}";
        _board.Update(gatewayId, health => health with
        {
            Link = ReceiverLink.Connected,
            Detail = detail,
            LastStatusAt = now,
            Position = location ?? health.Position,
            PositionAt = location is null ? health.PositionAt : now,
        });
    }

    private void UpdateBroker(ReceiverLink link, string detail, bool reconnect) =>
        _board.Update(Endpoint.ReceiverId, health => health with
        {
            Link = link,
            Detail = detail,
            Reconnects = reconnect ? health.Reconnects + 1 : health.Reconnects,
        });
}
