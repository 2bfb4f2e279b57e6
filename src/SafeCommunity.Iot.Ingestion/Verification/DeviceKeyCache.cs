using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Ingestion.Verification;

/// <summary>
/// Prepared CMAC instances for the devices one pipeline shard serves, least recently used evicted first.
/// Keeping one per enrolled device would cost memory at county scale, so the cache is bounded; when it is full the
/// least recently used instance is given the new device's key in place (<see cref="AesCmac.SetKey"/>), so a miss
/// allocates nothing and, with the processor's AES instructions, costs a key expansion and one block.
/// </summary>
/// <remarks>Owned by one shard thread; not thread-safe, and needs none.</remarks>
internal sealed class DeviceKeyCache : IDisposable
{
    private readonly int _capacity;
    private readonly Dictionary<uint, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();

    public DeviceKeyCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _entries = new Dictionary<uint, LinkedListNode<Entry>>(Math.Min(capacity, 4096));
    }

    public int Count => _entries.Count;

    /// <summary>The CMAC for <paramref name="device"/>'s current key (a re-enrolled key replaces the old one).</summary>
    public AesCmac Get(Device device)
    {
        if (_entries.TryGetValue(device.Id, out var node))
        {
            if (!ReferenceEquals(node.Value.Key, device.Key))
            {
                node.Value.Cmac.SetKey(device.Key.Bytes);
                node.Value.Key = device.Key;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Cmac;
        }

        if (_entries.Count >= _capacity)
        {
            node = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(node.Value.DeviceId);
            node.Value.Cmac.SetKey(device.Key.Bytes);
            node.Value.DeviceId = device.Id;
            node.Value.Key = device.Key;
        }
        else
        {
            node = new LinkedListNode<Entry>(new Entry(device.Id, device.Key, new AesCmac(device.Key.Bytes)));
        }

        _recency.AddFirst(node);
        _entries.Add(device.Id, node);
        return node.Value.Cmac;
    }

    public void Dispose()
    {
        foreach (var entry in _recency)
        {
            entry.Cmac.Dispose();
        }

        _recency.Clear();
        _entries.Clear();
    }

    /// <summary>A cache slot: reused for another device when evicted.</summary>
    private sealed class Entry(uint deviceId, DeviceKey key, AesCmac cmac)
    {
        public uint DeviceId { get; set; } = deviceId;

        public DeviceKey Key { get; set; } = key;

        public AesCmac Cmac { get; } = cmac;
    }
}
