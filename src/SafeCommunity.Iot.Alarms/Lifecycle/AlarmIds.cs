namespace SafeCommunity.Iot.Alarms.Lifecycle;

/// <summary>
/// Hands out alarm ids from blocks the store reserves for this gateway alone, so gateways sharing a store never give
/// one id to two alarms. A block is reserved when the last one runs out; what is left of it when the gateway stops is
/// never used (ids have gaps; only event sequence numbers are gap-free).
/// </summary>
public sealed class AlarmIds
{
    /// <summary>How many ids one reservation takes: a store round trip per this many new alarms.</summary>
    public const int BlockSize = 64;

    private readonly Func<int, long> _reserve;
    private long _next = 1;
    private long _last;

    /// <param name="reserve">Reserves the given number of ids and returns the last of them (the first is last - count + 1).</param>
    public AlarmIds(Func<int, long> reserve)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        _reserve = reserve;
    }

    /// <summary>The next unused id.</summary>
    public long Next()
    {
        if (_next > _last)
        {
            _last = _reserve(BlockSize);
            _next = _last - BlockSize + 1;
        }

        return _next++;
    }
}
