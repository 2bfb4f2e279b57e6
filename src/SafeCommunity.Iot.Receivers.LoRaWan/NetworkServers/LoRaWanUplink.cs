namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>An uplink event as a network server described it: the frame bytes, who sent it, who heard it.</summary>
public sealed record LoRaWanUplink
{
    /// <summary>Which network server shape it was read from.</summary>
    public required NetworkServerFormat Format { get; init; }

    /// <summary>The network server's application id (from the body, else the topic), when known.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>The device's DevEUI as 16 lower-case hex digits, when known.</summary>
    public string? DevEui { get; init; }

    /// <summary>The network server's own device id (The Things Stack), when known.</summary>
    public string? NetworkServerDeviceId { get; init; }

    /// <summary>The LoRaWAN FPort, when present (omitted when 0 by some builds).</summary>
    public int? FPort { get; init; }

    /// <summary>The LoRaWAN frame counter, when present (omitted when 0 by some builds).</summary>
    public uint? FCnt { get; init; }

    /// <summary>The network server's time for the uplink, for logs only (the gateway uses its own clock).</summary>
    public DateTimeOffset? NetworkTime { get; init; }

    /// <summary>The application payload: a SafeCommunity radio frame, not yet checked.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Every gateway that heard it (possibly none, when the network server reports no metadata).</summary>
    public required IReadOnlyList<LoRaWanReception> Receptions { get; init; }
}
