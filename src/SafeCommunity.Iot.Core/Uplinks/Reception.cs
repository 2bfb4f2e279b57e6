using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>One receiver hearing one frame.</summary>
/// <param name="ReceiverId">The receiver.</param>
/// <param name="ReceivedAt">When the gateway got it (gateway clock).</param>
/// <param name="RssiDbm">Signal strength, when the receiver reports it.</param>
/// <param name="SnrDb">Signal-to-noise ratio, when the receiver reports it.</param>
/// <param name="ReceiverPosition">Where the receiver was, when it says so itself (mobile receivers, LoRaWAN gateways with a location).</param>
/// <param name="Transport">Serial, LoRa P2P or LoRaWAN.</param>
public sealed record Reception(
    string ReceiverId,
    DateTimeOffset ReceivedAt,
    double? RssiDbm,
    double? SnrDb,
    GeoPoint? ReceiverPosition,
    UplinkTransport Transport);
