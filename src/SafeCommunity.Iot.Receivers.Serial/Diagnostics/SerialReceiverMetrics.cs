using System.Diagnostics.Metrics;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Receivers.Serial.Diagnostics;

/// <summary>OpenTelemetry instruments of the serial receivers (meter <c>SafeCommunity.Iot.Receivers.Serial</c>).</summary>
public sealed class SerialReceiverMetrics
{
    /// <summary>The meter's name, for the OpenTelemetry registration.</summary>
    public const string MeterName = "SafeCommunity.Iot.Receivers.Serial";

    private readonly Counter<long> _receptions;
    private readonly Counter<long> _linkErrors;
    private readonly Counter<long> _reconnects;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SerialReceiverMetrics(IMeterFactory meterFactory)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(MeterName))
    {
    }

    /// <summary>Instruments on a meter of their own (tests, tools).</summary>
    internal SerialReceiverMetrics()
        : this(new Meter(MeterName))
    {
    }

    private SerialReceiverMetrics(Meter meter)
    {
        Meter = meter;
        _receptions = meter.CreateCounter<long>("safecomm.serial.receptions", "{frame}", "Radio frames heard by serial receivers and LoRa P2P modules, handed to the pipeline.");
        _linkErrors = meter.CreateCounter<long>("safecomm.serial.link_errors", "{record}", "Records, sentences and lines from serial receivers that could not be used, by reason.");
        _reconnects = meter.CreateCounter<long>("safecomm.serial.reconnects", "{reconnect}", "Serial links that came up again after they were lost.");
    }

    /// <summary>The meter the instruments live on.</summary>
    internal Meter Meter { get; }

    internal void Reception(UplinkTransport transport) =>
        _receptions.Add(1, new KeyValuePair<string, object?>("transport", transport == UplinkTransport.LoRaP2P ? "lora_p2p" : "serial"));

    internal void LinkError(string reason) => _linkErrors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void Reconnect(string receiverId) => _reconnects.Add(1, new KeyValuePair<string, object?>("receiver", receiverId));
}
