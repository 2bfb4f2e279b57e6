using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// What is already enrolled, as far as validating an import needs it: the communities rows may refer to, and the
/// DevEUIs and network-server ids that other devices already hold.
/// </summary>
public sealed class RegistryImportContext
{
    /// <summary>Creates a context from enrolled community ids and devices.</summary>
    public RegistryImportContext(IEnumerable<string> communityIds, IEnumerable<Device> devices)
    {
        ArgumentNullException.ThrowIfNull(communityIds);
        ArgumentNullException.ThrowIfNull(devices);
        CommunityIds = communityIds.ToHashSet(StringComparer.Ordinal);
        var byDevEui = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        var byNetworkServerId = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (device.DevEui is { } devEui)
            {
                byDevEui[devEui] = device.Id;
            }

            if (device.NetworkServerDeviceId is { } networkServerId)
            {
                byNetworkServerId[networkServerId] = device.Id;
            }
        }

        DeviceByDevEui = byDevEui;
        DeviceByNetworkServerId = byNetworkServerId;
    }

    /// <summary>Nothing enrolled yet.</summary>
    public static RegistryImportContext Empty { get; } = new([], []);

    /// <summary>Ids of the communities already enrolled.</summary>
    public IReadOnlySet<string> CommunityIds { get; }

    /// <summary>Which enrolled device holds each DevEUI (any case).</summary>
    public IReadOnlyDictionary<string, uint> DeviceByDevEui { get; }

    /// <summary>Which enrolled device holds each network-server device id.</summary>
    public IReadOnlyDictionary<string, uint> DeviceByNetworkServerId { get; }

    /// <summary>The context of a whole registry (for example <see cref="RegistryStore.LoadAll"/>).</summary>
    public static RegistryImportContext From(RegistryContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return new RegistryImportContext(contents.Communities.Select(c => c.Id), contents.Devices);
    }
}
