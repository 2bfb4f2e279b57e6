namespace SafeCommunity.Iot.Core.Registry;

/// <summary>The names of kinds as they appear in files, configuration and the API (kebab case).</summary>
public static class RegistryNames
{
    private static readonly Dictionary<string, DeviceKind> DeviceKinds = new(StringComparer.Ordinal)
    {
        ["ebike-chip"] = DeviceKind.EbikeChip,
        ["elder-wristband"] = DeviceKind.ElderWristband,
        ["child-wristband"] = DeviceKind.ChildWristband,
    };

    private static readonly Dictionary<string, ReceiverKind> ReceiverKinds = new(StringComparer.Ordinal)
    {
        ["fixed-base-station"] = ReceiverKind.FixedBaseStation,
        ["mobile"] = ReceiverKind.Mobile,
        ["lora-p2p-module"] = ReceiverKind.LoRaP2PModule,
        ["lorawan-gateway"] = ReceiverKind.LoRaWanGateway,
    };

    /// <summary>Every device kind name.</summary>
    public static IEnumerable<string> DeviceKindNames => DeviceKinds.Keys;

    /// <summary>Every receiver kind name.</summary>
    public static IEnumerable<string> ReceiverKindNames => ReceiverKinds.Keys;

    /// <summary>Parses a device kind name.</summary>
    public static bool TryParseDeviceKind(string? name, out DeviceKind kind) =>
        DeviceKinds.TryGetValue(name ?? string.Empty, out kind);

    /// <summary>Parses a receiver kind name.</summary>
    public static bool TryParseReceiverKind(string? name, out ReceiverKind kind) =>
        ReceiverKinds.TryGetValue(name ?? string.Empty, out kind);

    /// <summary>The name of a device kind.</summary>
    public static string Name(this DeviceKind kind) => DeviceKinds.First(p => p.Value == kind).Key;

    /// <summary>The name of a receiver kind.</summary>
    public static string Name(this ReceiverKind kind) => ReceiverKinds.First(p => p.Value == kind).Key;
}
