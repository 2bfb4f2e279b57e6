using System.Collections.Frozen;
using System.Text.Json;
using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Storage.Alarms;

/// <summary>
/// The kebab-case names enum values have in columns and stored JSON (<c>moved-while-armed</c>, <c>acknowledged</c>,
/// <c>gnss-stale</c>): the member name through <see cref="JsonNamingPolicy.KebabCaseLower"/>, the same rule
/// <see cref="KebabCaseEnumConverter{TEnum}"/> applies to JSON, so a column and the snapshot beside it agree.
/// </summary>
internal static class StoredNames
{
    /// <summary>The stored name of a kind.</summary>
    public static string Name(AlarmKind kind) => Names<AlarmKind>.Of(kind);

    /// <summary>The stored name of a state.</summary>
    public static string Name(AlarmState state) => Names<AlarmState>.Of(state);

    /// <summary>The stored name of an event type.</summary>
    public static string Name(AlarmEventType type) => Names<AlarmEventType>.Of(type);

    /// <summary>The value a stored name stands for.</summary>
    /// <param name="name">The column's text.</param>
    /// <param name="row">The row, for the error message (<c>alarm 7</c>, <c>alarm event 42</c>).</param>
    /// <exception cref="InvalidDataException">The name is unknown to this code.</exception>
    public static TEnum Parse<TEnum>(string name, string row)
        where TEnum : struct, Enum =>
        Names<TEnum>.TryParse(name, out var value)
            ? value
            : throw new InvalidDataException($"The database holds the unknown {typeof(TEnum).Name} '{name}' in {row}.");

    /// <summary>The stored name of any enum value (for tests and documentation).</summary>
    public static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.Of(value);

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToFrozenDictionary(value => value, value => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()));

        private static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static string Of(TEnum value) =>
            ByValue.TryGetValue(value, out var name)
                ? name
                : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a defined {typeof(TEnum).Name}.");

        public static bool TryParse(string name, out TEnum value) => ByName.TryGetValue(name, out value);
    }
}
