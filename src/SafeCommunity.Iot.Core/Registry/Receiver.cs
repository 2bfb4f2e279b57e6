using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.Registry;

/// <summary>A base station, a patrol receiver, a LoRa module or a LoRaWAN gateway.</summary>
public sealed record Receiver
{
    /// <summary>Its id ("wufu-gate-north"; for a LoRaWAN gateway, its gateway id or EUI in lower case).</summary>
    public required string Id { get; init; }

    /// <summary>How it hears devices.</summary>
    public required ReceiverKind Kind { get; init; }

    /// <summary>The community it serves.</summary>
    public required string CommunityId { get; init; }

    /// <summary>Its fixed position; null for a mobile receiver, which reports its own.</summary>
    public GeoPoint? Position { get; init; }

    /// <summary>How far it typically hears a device, in metres.</summary>
    public required double RangeMetres { get; init; }

    /// <summary>The id a serial receiver reports in its status records, when known.</summary>
    public uint? HardwareId { get; init; }

    /// <summary>A human name ("Wufu north gate").</summary>
    public string? Name { get; init; }

    /// <summary>Whether it is carried by a patrol and places itself by GNSS.</summary>
    public bool IsMobile => Kind == ReceiverKind.Mobile || Position is null;
}
