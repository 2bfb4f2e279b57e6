using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>Bytes a receiver heard, as every receiver hands them to the pipeline.</summary>
public sealed class RawUplink
{
    /// <summary>Creates a raw uplink.</summary>
    public RawUplink(
        string receiverId,
        DateTimeOffset receivedAt,
        ReadOnlyMemory<byte> payload,
        UplinkTransport transport,
        double? rssiDbm = null,
        double? snrDb = null,
        GeoPoint? receiverPosition = null,
        IUplinkCompletion? completion = null)
    {
        ReceiverId = receiverId;
        ReceivedAt = receivedAt;
        Payload = payload;
        Transport = transport;
        RssiDbm = rssiDbm;
        SnrDb = snrDb;
        ReceiverPosition = receiverPosition;
        Completion = completion;
    }

    /// <summary>The receiver that heard it.</summary>
    public string ReceiverId { get; }

    /// <summary>When the gateway received it.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The radio frame bytes, not yet checked.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Serial, LoRa P2P or LoRaWAN.</summary>
    public UplinkTransport Transport { get; }

    /// <summary>Signal strength in dBm, when known.</summary>
    public double? RssiDbm { get; }

    /// <summary>Signal-to-noise ratio in dB, when known.</summary>
    public double? SnrDb { get; }

    /// <summary>The receiver's own position at the time, for mobile receivers and located LoRaWAN gateways.</summary>
    public GeoPoint? ReceiverPosition { get; }

    /// <summary>Told the outcome once the uplink's effects are stored (for acknowledging QoS 1 messages).</summary>
    public IUplinkCompletion? Completion { get; }

    /// <summary>
    /// The transport delivered it again because its earlier delivery was never acknowledged (an MQTT QoS 1 message
    /// with the DUP flag, after the gateway crashed between storing it and acknowledging it). Only the transport can
    /// set this, never a radio: such a frame seen before is the gateway's own unfinished work, not a forgery, and does
    /// not count toward the security alarm.
    /// </summary>
    public bool IsRedelivery { get; init; }

    /// <summary>This uplink as a reception.</summary>
    public Reception ToReception() => new(ReceiverId, ReceivedAt, RssiDbm, SnrDb, ReceiverPosition, Transport);
}
