using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Alarms;

/// <summary>Alarm kinds and severities as they appear in configuration, files and the API (kebab case).</summary>
public static class AlarmNames
{
    private static readonly Dictionary<string, AlarmKind> Kinds = new(StringComparer.Ordinal)
    {
        ["sos"] = AlarmKind.Sos,
        ["fall"] = AlarmKind.Fall,
        ["wristband-removed"] = AlarmKind.WristbandRemoved,
        ["tamper"] = AlarmKind.Tamper,
        ["moved-while-armed"] = AlarmKind.MovedWhileArmed,
        ["stolen-bike-sighted"] = AlarmKind.StolenBikeSighted,
        ["left-safe-zone"] = AlarmKind.LeftSafeZone,
        ["entered-forbidden-zone"] = AlarmKind.EnteredForbiddenZone,
        ["silent-too-long"] = AlarmKind.SilentTooLong,
        ["low-battery"] = AlarmKind.LowBattery,
        ["receiver-silent"] = AlarmKind.ReceiverSilent,
        ["security"] = AlarmKind.Security,
    };

    /// <summary>Parses a kind name.</summary>
    public static bool TryParseKind(string? name, out AlarmKind kind) => Kinds.TryGetValue(name ?? string.Empty, out kind);

    /// <summary>The name of a kind.</summary>
    public static string Name(this AlarmKind kind) => Kinds.First(p => p.Value == kind).Key;
}
