using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Ingestion.Verification;

/// <summary>
/// Prepared CMAC instances for the devices one pipeline shard serves, least recently used evicted first.
/// Preparing a key (AES key schedule, CMAC subkeys, a cipher context) costs far more than verifying a frame,
/// and keeping one per enrolled device would cost memory at county scale; a bounded cache does both well.
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
            if (ReferenceEquals(node.Value.Key, device.Key))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Cmac;
            }

            Remove(node);
        }

        if (_entries.Count >= _capacity)
        {
            Remove(_recency.Last!);
        }

        var entry = new Entry(device.Id, device.Key, new AesCmac(device.Key.Bytes));
        _entries[device.Id] = _recency.AddFirst(entry);
        return entry.Cmac;
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

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.DeviceId);
        node.Value.Cmac.Dispose();
    }

    private sealed record Entry(uint DeviceId, DeviceKey Key, AesCmac Cmac);
}
