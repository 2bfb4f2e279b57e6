namespace SafeCommunity.Iot.Telemetry.Points;

/// <summary>The measurement names of docs/telemetry-schema.md.</summary>
public static class Measurements
{
    /// <summary>Where a device was: one point per located frame.</summary>
    public const string Position = "position";

    /// <summary>One point per accepted frame.</summary>
    public const string Uplink = "uplink";

    /// <summary>One point per receiver that heard a frame.</summary>
    public const string Reception = "reception";

    /// <summary>A device's battery and status flags, one point per accepted frame.</summary>
    public const string DeviceStatus = "device_status";

    /// <summary>One point per alarm event (raised, updated, acknowledged, resolved, escalated).</summary>
    public const string Alarm = "alarm";

    /// <summary>Each receiver's link and counters, sampled.</summary>
    public const string ReceiverHealth = "receiver_health";

    /// <summary>The gateway's queues and counters, sampled.</summary>
    public const string GatewayHealth = "gateway_health";

    /// <summary>The tag every point carries: which gateway wrote it.</summary>
    public const string GatewayTag = "gateway";
}
