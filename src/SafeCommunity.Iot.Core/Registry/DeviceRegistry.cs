using System.Collections.Concurrent;

namespace SafeCommunity.Iot.Core.Registry;

/// <summary>
/// The registry in memory, for lookups on the hot path: devices by id, DevEUI or network-server id; receivers;
/// communities. Safe for many readers and occasional writers; the embedded store is its source of truth.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly ConcurrentDictionary<uint, Device> _devices = new();
    private readonly ConcurrentDictionary<string, uint> _byDevEui = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, uint> _byNetworkServerId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Receiver> _receivers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Community> _communities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<uint, TheftReport> _activeThefts = new();
    private readonly Lock _writeLock = new();

    /// <summary>How many devices are enrolled.</summary>
    public int DeviceCount => _devices.Count;

    /// <summary>Every device.</summary>
    public IEnumerable<Device> Devices => _devices.Values;

    /// <summary>Every receiver.</summary>
    public IEnumerable<Receiver> Receivers => _receivers.Values;

    /// <summary>Every community.</summary>
    public IEnumerable<Community> Communities => _communities.Values;

    /// <summary>The device with protocol id <paramref name="id"/>.</summary>
    public bool TryGetDevice(uint id, out Device device) => _devices.TryGetValue(id, out device!);

    /// <summary>The device with LoRaWAN DevEUI <paramref name="devEui"/> (any case).</summary>
    public bool TryGetDeviceByDevEui(string devEui, out Device device)
    {
        device = null!;
        return _byDevEui.TryGetValue(devEui, out var id) && _devices.TryGetValue(id, out device!);
    }

    /// <summary>The device a network server calls <paramref name="networkServerDeviceId"/>.</summary>
    public bool TryGetDeviceByNetworkServerId(string networkServerDeviceId, out Device device)
    {
        device = null!;
        return _byNetworkServerId.TryGetValue(networkServerDeviceId, out var id) && _devices.TryGetValue(id, out device!);
    }

    /// <summary>The receiver with id <paramref name="id"/>.</summary>
    public bool TryGetReceiver(string id, out Receiver receiver) => _receivers.TryGetValue(id, out receiver!);

    /// <summary>The community with id <paramref name="id"/>.</summary>
    public bool TryGetCommunity(string id, out Community community) => _communities.TryGetValue(id, out community!);

    /// <summary>The active theft report of a device, if it is reported stolen and not recovered.</summary>
    public bool TryGetActiveTheft(uint deviceId, out TheftReport report) => _activeThefts.TryGetValue(deviceId, out report!);

    /// <summary>Every active theft report.</summary>
    public IEnumerable<TheftReport> ActiveThefts => _activeThefts.Values;

    /// <summary>Records a theft report (after the store has committed it); a recovered report clears the device.</summary>
    public void ApplyTheft(TheftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.IsActive)
        {
            _activeThefts[report.DeviceId] = report;
        }
        else if (_activeThefts.TryGetValue(report.DeviceId, out var current) && current.Id == report.Id)
        {
            _activeThefts.TryRemove(KeyValuePair.Create(report.DeviceId, current));
        }
    }

    /// <summary>Adds or replaces everything in <paramref name="contents"/> (after the store has committed it).</summary>
    public void Apply(RegistryContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        lock (_writeLock)
        {
            foreach (var community in contents.Communities)
            {
                _communities[community.Id] = community;
            }

            foreach (var receiver in contents.Receivers)
            {
                _receivers[receiver.Id] = receiver;
            }

            foreach (var device in contents.Devices)
            {
                if (_devices.TryGetValue(device.Id, out var previous))
                {
                    RemoveAliases(previous);
                }
            }

            foreach (var device in contents.Devices)
            {
                _devices[device.Id] = device;
                if (device.DevEui is { } devEui)
                {
                    _byDevEui[devEui] = device.Id;
                }

                if (device.NetworkServerDeviceId is { } nsId)
                {
                    _byNetworkServerId[nsId] = device.Id;
                }
            }
        }
    }

    /// <summary>Forgets a device (after the store has removed it).</summary>
    public bool RemoveDevice(uint id)
    {
        lock (_writeLock)
        {
            if (!_devices.TryRemove(id, out var device))
            {
                return false;
            }

            RemoveAliases(device);
            return true;
        }
    }

    private void RemoveAliases(Device device)
    {
        // Only the aliases that still point to this device: another device may have taken them over.
        if (device.DevEui is { } devEui)
        {
            _byDevEui.TryRemove(KeyValuePair.Create(devEui, device.Id));
        }

        if (device.NetworkServerDeviceId is { } nsId)
        {
            _byNetworkServerId.TryRemove(KeyValuePair.Create(nsId, device.Id));
        }
    }
}
