using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Storage.Alarms;

/// <summary>An enum as its kebab-case member name (<c>stolen-bike-sighted</c>); a number or an unknown name is an error.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class KebabCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public KebabCaseEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}

/// <summary>
/// The source-generated serializer of the JSON the store keeps in columns: alarm snapshots, receiver id lists, a frame's
/// receptions and the alarm rules' memory of a device.
/// camelCase properties, null properties left out, enums as kebab-case names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // A NaN accuracy must not make the committer's whole batch fail; it is stored as "NaN".
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters =
    [
        typeof(KebabCaseEnumConverter<AlarmKind>),
        typeof(KebabCaseEnumConverter<AlarmSeverity>),
        typeof(KebabCaseEnumConverter<AlarmState>),
        typeof(KebabCaseEnumConverter<LocationSource>),
        typeof(KebabCaseEnumConverter<UplinkTransport>),
    ])]
[JsonSerializable(typeof(AlarmSnapshot))]
[JsonSerializable(typeof(Reception[]))]
[JsonSerializable(typeof(DeviceRuleMemory))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(uint[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

/// <summary>The type infos the store serializes with.</summary>
internal static class StorageJson
{
    // Names and notes are often Chinese: written as they are, a row stays readable in the sqlite3 shell. The
    // relaxed encoder still escapes quotes, backslashes and control characters; this JSON never goes into HTML.
    private static readonly JsonSerializerOptions Options = new(StorageJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An alarm snapshot.</summary>
    public static JsonTypeInfo<AlarmSnapshot> Snapshot { get; } = (JsonTypeInfo<AlarmSnapshot>)Options.GetTypeInfo(typeof(AlarmSnapshot));

    /// <summary>The receptions of one frame.</summary>
    public static JsonTypeInfo<Reception[]> Receptions { get; } = (JsonTypeInfo<Reception[]>)Options.GetTypeInfo(typeof(Reception[]));

    /// <summary>What the alarm rules remember of a device.</summary>
    public static JsonTypeInfo<DeviceRuleMemory> Rules { get; } = (JsonTypeInfo<DeviceRuleMemory>)Options.GetTypeInfo(typeof(DeviceRuleMemory));

    /// <summary>A list of receiver ids.</summary>
    public static JsonTypeInfo<string[]> Strings { get; } = (JsonTypeInfo<string[]>)Options.GetTypeInfo(typeof(string[]));
}
