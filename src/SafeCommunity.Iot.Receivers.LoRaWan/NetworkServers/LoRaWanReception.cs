using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>One LoRaWAN gateway hearing the uplink (one <c>rxInfo</c> / <c>rx_metadata</c> entry).</summary>
/// <param name="GatewayId">The gateway id in lower case (ChirpStack gateway EUI; The Things Stack gateway EUI, else its gateway id); null when the entry names none.</param>
/// <param name="RssiDbm">Signal strength, when reported.</param>
/// <param name="SnrDb">Signal-to-noise ratio, when reported (0 when the entry has an RSSI but omits a zero SNR).</param>
/// <param name="Location">The gateway's location, when present and valid (never 0,0).</param>
/// <param name="Time">The gateway's or network server's time of reception, for logs only.</param>
public readonly record struct LoRaWanReception(
    string? GatewayId,
    double? RssiDbm,
    double? SnrDb,
    GeoPoint? Location,
    DateTimeOffset? Time);
