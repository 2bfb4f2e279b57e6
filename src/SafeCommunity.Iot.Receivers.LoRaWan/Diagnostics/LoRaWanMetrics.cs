using System.Diagnostics.Metrics;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;

/// <summary>
/// OpenTelemetry instruments of the LoRaWAN receiver (meter <c>SafeCommunity.Iot.Receivers.LoRaWan</c>), with the
/// same counts kept in process for health checks and tests.
/// </summary>
public sealed class LoRaWanMetrics
{
    /// <summary>The meter's name, for the OpenTelemetry registration.</summary>
    public const string MeterName = "SafeCommunity.Iot.Receivers.LoRaWan";

    private static readonly string[] OutcomeNames =
        ["uplink", "ignored_event", "unknown_topic", "oversize", "not_json", "missing_data", "bad_base64", "device_mismatch"];

    private readonly Counter<long> _messages;
    private readonly Counter<long> _receptions;
    private readonly Counter<long> _acknowledged;
    private readonly Counter<long> _withheld;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _downlinks;
    private readonly long[] _outcomes = new long[OutcomeNames.Length];
    private long _receptionCount;
    private long _acknowledgedCount;
    private long _withheldCount;
    private long _reconnectCount;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public LoRaWanMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _messages = Meter.CreateCounter<long>(
            "safecomm.lorawan.messages", "{message}",
            "MQTT messages by outcome: uplink, ignored_event, unknown_topic, oversize, not_json, missing_data, bad_base64, device_mismatch.");
        _receptions = Meter.CreateCounter<long>("safecomm.lorawan.receptions", "{uplink}", "Raw uplinks handed to the pipeline (one per gateway that heard a frame).");
        _acknowledged = Meter.CreateCounter<long>("safecomm.lorawan.acknowledged", "{message}", "QoS 1 uplink messages acknowledged after the pipeline stored them.");
        _withheld = Meter.CreateCounter<long>(
            "safecomm.lorawan.withheld", "{message}", "QoS 1 uplink messages left unacknowledged for the broker to redeliver (gateway stopping, connection lost).");
        _reconnects = Meter.CreateCounter<long>("safecomm.lorawan.reconnects", "{connection}", "Connections to the MQTT broker after the first.");
        _downlinks = Meter.CreateCounter<long>("safecomm.lorawan.downlinks", "{command}", "Downlink commands by result.");
    }

    /// <summary>The receiver's meter.</summary>
    public Meter Meter { get; }

    /// <summary>Raw uplinks handed to the pipeline so far.</summary>
    public long Receptions => Interlocked.Read(ref _receptionCount);

    /// <summary>Messages acknowledged after completion so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledgedCount);

    /// <summary>Messages left for redelivery so far.</summary>
    public long Withheld => Interlocked.Read(ref _withheldCount);

    /// <summary>Reconnections so far.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnectCount);

    /// <summary>Messages with <paramref name="outcome"/> so far.</summary>
    public long Messages(LoRaWanMessageOutcome outcome) => Interlocked.Read(ref _outcomes[(int)outcome]);

    internal static LoRaWanMessageOutcome OutcomeOf(LoRaWanParseStatus status) => status switch
    {
        LoRaWanParseStatus.Uplink => LoRaWanMessageOutcome.Uplink,
        LoRaWanParseStatus.IgnoredEvent => LoRaWanMessageOutcome.IgnoredEvent,
        LoRaWanParseStatus.Oversize => LoRaWanMessageOutcome.Oversize,
        LoRaWanParseStatus.NotJson => LoRaWanMessageOutcome.NotJson,
        LoRaWanParseStatus.MissingData => LoRaWanMessageOutcome.MissingData,
        LoRaWanParseStatus.BadBase64 => LoRaWanMessageOutcome.BadBase64,
        _ => LoRaWanMessageOutcome.UnknownTopic,
    };

    internal void Message(LoRaWanMessageOutcome outcome)
    {
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome]));
    }

    internal void Reception()
    {
        Interlocked.Increment(ref _receptionCount);
        _receptions.Add(1);
    }

    internal void MessageAcknowledged()
    {
        Interlocked.Increment(ref _acknowledgedCount);
        _acknowledged.Add(1);
    }

    internal void MessageWithheld()
    {
        Interlocked.Increment(ref _withheldCount);
        _withheld.Add(1);
    }

    internal void Reconnected()
    {
        Interlocked.Increment(ref _reconnectCount);
        _reconnects.Add(1);
    }

    internal void Downlink(DownlinkStatus status) =>
        _downlinks.Add(1, new KeyValuePair<string, object?>("result", StatusName(status)));

    private static string StatusName(DownlinkStatus status) => status switch
    {
        DownlinkStatus.Acknowledged => "acknowledged",
        DownlinkStatus.TimedOut => "timed_out",
        DownlinkStatus.UnknownDevice => "unknown_device",
        DownlinkStatus.NotAddressable => "not_addressable",
        DownlinkStatus.InvalidCommand => "invalid_command",
        DownlinkStatus.NotConfigured => "not_configured",
        DownlinkStatus.NotConnected => "not_connected",
        _ => "too_many_pending",
    };
}
