using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.Receivers;

/// <summary>What the gateway knows of one receiver's health: its link, its own status report, its own position.</summary>
public sealed record ReceiverHealth
{
    /// <summary>The receiver.</summary>
    public required string ReceiverId { get; init; }

    /// <summary>The gateway's link to it.</summary>
    public ReceiverLink Link { get; init; }

    /// <summary>Why the link is as it is ("port vanished", "AT+P2P refused"), for operators.</summary>
    public string? Detail { get; init; }

    /// <summary>How often the link was re-established.</summary>
    public long Reconnects { get; init; }

    /// <summary>Records or lines the gateway could not use (bad framing, CRC, parse errors).</summary>
    public long LinkErrors { get; init; }

    /// <summary>Firmware version from its last status report.</summary>
    public string? FirmwareVersion { get; init; }

    /// <summary>Uptime from its last status report.</summary>
    public TimeSpan? Uptime { get; init; }

    /// <summary>Radio frames it received (its own counter).</summary>
    public long? RadioFramesReceived { get; init; }

    /// <summary>Radio frames it dropped for a bad radio CRC (its own counter).</summary>
    public long? RadioCrcErrors { get; init; }

    /// <summary>Records it could not send (its own counter).</summary>
    public long? RecordsDropped { get; init; }

    /// <summary>When its last status report arrived.</summary>
    public DateTimeOffset? LastStatusAt { get; init; }

    /// <summary>Its own latest GNSS position (mobile receivers).</summary>
    public GeoPoint? Position { get; init; }

    /// <summary>When <see cref="Position"/> was fixed.</summary>
    public DateTimeOffset? PositionAt { get; init; }
}
