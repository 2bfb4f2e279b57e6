using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;

/// <summary>
/// The LoRaWAN receiver's log messages. Passwords and keys are never logged; frame bytes only at Debug.
/// </summary>
internal static partial class LoRaWanLog
{
    // MQTT receiver (1-29)
    [LoggerMessage(1, LogLevel.Information, "Connecting to MQTT broker {Broker} as {ClientId}")]
    public static partial void Connecting(ILogger logger, string broker, string clientId);

    [LoggerMessage(2, LogLevel.Information, "Connected to MQTT broker {Broker} (session present: {SessionPresent}); subscribed to {TopicFilters}")]
    public static partial void Connected(ILogger logger, string broker, bool sessionPresent, string topicFilters);

    [LoggerMessage(3, LogLevel.Warning, "MQTT broker {Broker} had no session for {ClientId}: QoS 1 uplinks published while the gateway was away were not kept (session expired, or the broker lost it)")]
    public static partial void SessionLost(ILogger logger, string broker, string clientId);

    [LoggerMessage(4, LogLevel.Warning, "MQTT broker {Broker} refused the connection: {ResultCode} {Reason}; retrying in {Delay}")]
    public static partial void ConnectionRefused(ILogger logger, string broker, string resultCode, string? reason, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Warning, "Connecting to MQTT broker {Broker} failed; retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string broker, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Warning, "Lost the connection to MQTT broker {Broker}; reconnecting in {Delay}")]
    public static partial void ConnectionLost(ILogger logger, string broker, TimeSpan delay);

    [LoggerMessage(7, LogLevel.Error, "MQTT broker {Broker} refused the subscription to {TopicFilter}: {ResultCode}")]
    public static partial void SubscriptionRefused(ILogger logger, string broker, string topicFilter, string resultCode);

    [LoggerMessage(8, LogLevel.Warning, "MQTT broker {Broker} granted only QoS 0 for {TopicFilter}: uplinks can be lost while the gateway is away")]
    public static partial void SubscriptionDowngraded(ILogger logger, string broker, string topicFilter);

    [LoggerMessage(9, LogLevel.Warning, "Rejected a message on {Topic}: {Status} ({Detail}); {Suppressed} more rejected messages since the last report")]
    public static partial void MessageRejected(ILogger logger, string topic, LoRaWanParseStatus status, string? detail, long suppressed);

    [LoggerMessage(10, LogLevel.Debug, "Ignored {Event} on {Topic}")]
    public static partial void EventIgnored(ILogger logger, string? @event, string topic);

    [LoggerMessage(11, LogLevel.Warning, "Dropped an uplink on {Topic}: the registry has this LoRaWAN device as device {Expected}, but the frame says device {Actual} (a misconfigured device?)")]
    public static partial void DeviceMismatch(ILogger logger, string topic, uint expected, uint actual);

    [LoggerMessage(12, LogLevel.Debug, "Uplink on {Topic}: fCnt {FCnt}, fPort {FPort}, {Receptions} receptions, network server time {NetworkTime:o}, frame {Frame}")]
    public static partial void UplinkReceived(ILogger logger, string topic, uint? fCnt, int? fPort, int receptions, DateTimeOffset? networkTime, string frame);

    [LoggerMessage(13, LogLevel.Error, "Handling a message on {Topic} failed; it stays unacknowledged and the broker redelivers it after a reconnect")]
    public static partial void HandlingFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(14, LogLevel.Debug, "Could not acknowledge a message: the connection is gone; the broker redelivers it")]
    public static partial void AcknowledgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Information, "Disconnected from MQTT broker {Broker}; every message handed to the pipeline was acknowledged")]
    public static partial void Stopped(ILogger logger, string broker);

    [LoggerMessage(19, LogLevel.Warning, "Disconnected from MQTT broker {Broker}: {Pending} messages were not completed by the pipeline in time; the broker redelivers them")]
    public static partial void StoppedWithPending(ILogger logger, string broker, int pending);

    [LoggerMessage(16, LogLevel.Warning, "Receivers:LoRaWan:AllowUntrustedCertificates is on: the broker's TLS certificate is not checked")]
    public static partial void UntrustedCertificatesAllowed(ILogger logger);

    [LoggerMessage(17, LogLevel.Warning, "MQTT broker {Broker}'s TLS certificate was rejected: {Errors}")]
    public static partial void CertificateRejected(ILogger logger, string broker, string errors);

    [LoggerMessage(18, LogLevel.Information, "The LoRaWAN receiver is disabled (Receivers:LoRaWan:Enabled is false)")]
    public static partial void Disabled(ILogger logger);

    // Embedded broker (30-39)
    [LoggerMessage(30, LogLevel.Information, "Embedded MQTT broker listening on {Endpoint} ({Authentication}); sessions are kept in memory only and shared subscriptions are not supported")]
    public static partial void BrokerStarted(ILogger logger, string endpoint, string authentication);

    [LoggerMessage(31, LogLevel.Warning, "Embedded MQTT broker refused client {ClientId} from {Endpoint}: wrong user name or password")]
    public static partial void BrokerLoginRefused(ILogger logger, string clientId, string? endpoint);

    [LoggerMessage(32, LogLevel.Information, "Embedded MQTT broker stopped")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(33, LogLevel.Warning, "Embedded MQTT broker dropped a message queued for client {ClientId}: its session already holds {Limit} (and {Suppressed} more since the last report)")]
    public static partial void BrokerDroppedMessage(ILogger logger, string clientId, int limit, long suppressed);

    // Downlinks (40-49)
    [LoggerMessage(40, LogLevel.Information, "Sent {Command} ({Argument}) to device {DeviceId} with downlink counter {Counter} on {Topic}")]
    public static partial void DownlinkSent(ILogger logger, DownlinkCommandCode command, ushort argument, uint deviceId, uint counter, string topic);

    [LoggerMessage(41, LogLevel.Information, "Device {DeviceId} acknowledged downlink {Counter}: {Result}")]
    public static partial void DownlinkAcknowledged(ILogger logger, uint deviceId, uint counter, CommandResult result);

    [LoggerMessage(42, LogLevel.Warning, "Device {DeviceId} did not acknowledge downlink {Counter} within {Timeout}; the network server may still deliver it")]
    public static partial void DownlinkTimedOut(ILogger logger, uint deviceId, uint counter, TimeSpan timeout);

    [LoggerMessage(43, LogLevel.Warning, "Downlink {Counter} to device {DeviceId} was not sent: {Error}")]
    public static partial void DownlinkNotSent(ILogger logger, Exception? exception, uint deviceId, uint counter, string error);

    [LoggerMessage(44, LogLevel.Warning, "Device {DeviceId} acknowledged downlink {Counter} as {AckedCommand}, but {SentCommand} was sent with that counter")]
    public static partial void DownlinkAckCommandMismatch(ILogger logger, uint deviceId, uint counter, DownlinkCommandCode ackedCommand, DownlinkCommandCode sentCommand);
}
