using System.Collections.Concurrent;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// One string instance per distinct text, for the few values that repeat in every message (gateway ids, application
/// and tenant ids, event names), so reading them allocates nothing once they have been seen. Bounded: when
/// <c>capacity</c> texts are held (a publisher inventing ids) it starts over empty, so the ids that keep coming back
/// are cached again instead of never. Thread-safe.
/// </summary>
internal sealed class StringCache
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _capacity;
    private int _count;

    public StringCache(int capacity)
    {
        _capacity = capacity;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Texts held so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The string for <paramref name="text"/>: the cached instance, or a new one, kept.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        if (Volatile.Read(ref _count) >= _capacity)
        {
            // Two threads may both start over, or add while the other clears: the count drifts by a few, no more.
            _strings.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        var created = text.ToString();
        if (_strings.TryAdd(created, created))
        {
            Interlocked.Increment(ref _count);
        }

        return created;
    }
}
