using System.Diagnostics.CodeAnalysis;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>The outcome of reading one MQTT message from a network server.</summary>
/// <param name="Status">What the message was.</param>
/// <param name="Uplink">The uplink, when <paramref name="Status"/> is <see cref="LoRaWanParseStatus.Uplink"/>.</param>
/// <param name="Detail">A short reason for logs (which field, which event); never payload bytes.</param>
public readonly record struct LoRaWanParseResult(LoRaWanParseStatus Status, LoRaWanUplink? Uplink, string? Detail)
{
    /// <summary>Whether this is an uplink.</summary>
    [MemberNotNullWhen(true, nameof(Uplink))]
    public bool IsUplink => Status == LoRaWanParseStatus.Uplink && Uplink is not null;

    internal static LoRaWanParseResult Success(LoRaWanUplink uplink) => new(LoRaWanParseStatus.Uplink, uplink, null);

    internal static LoRaWanParseResult Failure(LoRaWanParseStatus status, string detail) => new(status, null, detail);
}
