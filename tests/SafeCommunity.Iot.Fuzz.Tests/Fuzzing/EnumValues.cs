namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>
/// Whether a value is a named member of its enum, without allocating. <see cref="Enum.IsDefined{TEnum}(TEnum)"/>
/// keeps its table in a per-type cache the runtime holds only weakly, so after any garbage collection (other tests
/// allocate on the other threads) its next call allocates about 240 bytes, which the runner would count against
/// the parser of that case.
/// </summary>
internal static class EnumValues<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] Named = Enum.GetValues<TEnum>();

    public static bool IsDefined(TEnum value) => Array.IndexOf(Named, value) >= 0;
}
