namespace SafeCommunity.Iot.Core.Registry;

/// <summary>An enrolled chip or wristband.</summary>
public sealed record Device
{
    /// <summary>The protocol's 32-bit device id (never 0).</summary>
    public required uint Id { get; init; }

    /// <summary>E-bike chip, elder or child wristband.</summary>
    public required DeviceKind Kind { get; init; }

    /// <summary>The 128-bit key its frames are signed with.</summary>
    public required DeviceKey Key { get; init; }

    /// <summary>What people call it ("Grandma Wang's wristband", "blue Yadea e-bike").</summary>
    public required string DisplayName { get; init; }

    /// <summary>The community it belongs to.</summary>
    public required string CommunityId { get; init; }

    /// <summary>The owner (a bike) or household (a wristband) it belongs to.</summary>
    public required string Owner { get; init; }

    /// <summary>LoRaWAN DevEUI (16 hex digits, lower case) when it is a LoRaWAN device.</summary>
    public string? DevEui { get; init; }

    /// <summary>The network server's device id (The Things Stack) when it differs from the DevEUI.</summary>
    public string? NetworkServerDeviceId { get; init; }

    /// <summary>Overrides the kind's "silent too long" time.</summary>
    public TimeSpan? SilentTimeout { get; init; }

    /// <summary>Overrides the kind's low-battery level, in percent.</summary>
    public int? LowBatteryPercent { get; init; }

    /// <summary>The device as text for logs: id and kind, nothing personal and never the key.</summary>
    public override string ToString() => $"device {Id} ({Kind.Name()})";
}
