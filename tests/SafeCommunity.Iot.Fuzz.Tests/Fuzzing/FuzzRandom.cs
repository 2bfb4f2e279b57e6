namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>
/// SplitMix64: a tiny, allocation-free generator whose whole state is derived from (seed, case), so any one case
/// can be replayed alone without running the ones before it.
/// </summary>
internal struct FuzzRandom
{
    private ulong _state;

    public FuzzRandom(int seed, long caseIndex)
    {
        _state = ((ulong)(uint)seed << 32) ^ (ulong)caseIndex ^ 0x9E3779B97F4A7C15UL;
        NextUInt64();
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ result &lt; <paramref name="maxExclusive"/> (0 when it is 0 or less).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : (int)(NextUInt64() % (uint)maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public bool OneIn(int n) => Next(n) == 0;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public void NextBytes(Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)NextUInt64();
        }
    }
}
