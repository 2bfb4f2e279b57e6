namespace SafeCommunity.Iot.Core.Registry;

/// <summary>A set of communities, receivers and devices: a whole registry, or one import.</summary>
/// <param name="Communities">Communities.</param>
/// <param name="Receivers">Receivers.</param>
/// <param name="Devices">Devices.</param>
public sealed record RegistryContents(
    IReadOnlyList<Community> Communities,
    IReadOnlyList<Receiver> Receivers,
    IReadOnlyList<Device> Devices)
{
    /// <summary>Nothing.</summary>
    public static RegistryContents Empty { get; } = new([], [], []);
}
