using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace SafeCommunity.Iot.Cli.Output;

/// <summary>
/// The command-line names of the contract's enums: the proto value name without its type prefix, in lower case
/// with dashes (<c>ALARM_KIND_STOLEN_BIKE_SIGHTED</c> is <c>stolen-bike-sighted</c>, <c>DEVICE_KIND_EBIKE_CHIP</c>
/// is <c>ebike-chip</c>). Parsing also takes underscores and the full proto name, in any case.
/// </summary>
internal static class ProtoNames<T>
    where T : struct, Enum
{
    private static readonly (FrozenDictionary<T, string> Names, FrozenDictionary<string, T> ByName) Tables = Build();
    private static readonly FrozenDictionary<T, string> Names = Tables.Names;
    private static readonly FrozenDictionary<string, T> ByName = Tables.ByName;

    /// <summary>The names a user may type (every value but the unspecified one), in declaration order.</summary>
    public static IReadOnlyList<string> Choices { get; } =
        [.. Enum.GetValues<T>().Where(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(v => Names[v])];

    /// <summary>The short name of <paramref name="value"/>; a number for values this build does not know.</summary>
    public static string Name(T value) =>
        Names.TryGetValue(value, out var name) ? name : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a name typed by a user; the unspecified value is never accepted.</summary>
    public static bool TryParse(string? text, out T value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return ByName.TryGetValue(text.Trim().Replace('_', '-').ToLowerInvariant(), out value);
    }

    private static (FrozenDictionary<T, string> Names, FrozenDictionary<string, T> ByName) Build()
    {
        var names = new Dictionary<T, string>();
        var parse = new Dictionary<string, T>(StringComparer.Ordinal);
        var prefix = Prefix(typeof(T).Name);
        foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (T)field.GetValue(null)!;
            var original = field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name;
            var shortName = original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
            shortName = shortName.Replace('_', '-').ToLowerInvariant();
            names[value] = shortName;
            if (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                parse[shortName] = value;
                parse[original.Replace('_', '-').ToLowerInvariant()] = value;
            }
        }

        return (names.ToFrozenDictionary(), parse.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary><c>AlarmKind</c> becomes <c>ALARM_KIND_</c>, the prefix protoc strips from the C# member names.</summary>
    private static string Prefix(string typeName)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < typeName.Length; i++)
        {
            if (i > 0 && char.IsUpper(typeName[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(typeName[i]));
        }

        return builder.Append('_').ToString();
    }
}
