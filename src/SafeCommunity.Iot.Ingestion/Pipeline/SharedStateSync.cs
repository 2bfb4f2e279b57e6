using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Ingestion.Diagnostics;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// Keeps a gateway's shards up with the devices that the other gateways sharing its store hear, and decides who runs
/// the device timers. Every <c>Ingestion:SharedStateInterval</c> the ticker reads the states stored for devices heard
/// since the last read (and one interval before it, for commits that landed late); each shard takes up those newer
/// than its own. Only the gateway that leads escalation runs the timers (silent too long, a geofence crossing confirmed
/// by time), so each is raised once; when a gateway becomes the leader (the last one died, or this one just started) it
/// first reads every stored state, and with it the memory the last leader and the dead gateway's frames left: a silence
/// already reported, a crossing pending since before the death (docs/scale-out.md).
/// </summary>
internal sealed class SharedStateSync
{
    private readonly IDeviceStateStore _store;
    private readonly IAlarmEventSignal _signal;
    private readonly TimeSpan _interval;
    private readonly Func<uint, int> _shardOf;
    private readonly int _shards;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private DateTimeOffset _readFrom;
    private DateTimeOffset _nextRead;
    private bool _runsTimers;

    public SharedStateSync(
        IDeviceStateStore store, IAlarmEventSignal signal, TimeSpan interval, int shards, Func<uint, int> shardOf, TimeProvider clock, ILogger logger)
    {
        _store = store;
        _signal = signal;
        _interval = interval;
        _shards = shards;
        _shardOf = shardOf;
        _clock = clock;
        _logger = logger;

        // The shards started from every stored state.
        var started = clock.GetUtcNow();
        _readFrom = started - interval;
        _nextRead = started + interval;
    }

    /// <summary>The tick of each shard at <paramref name="now"/>, with the states it must take up first.</summary>
    public ShardTick[] TicksAt(DateTimeOffset now)
    {
        var leads = _signal.LeadsEscalation;
        var takesOver = leads && !_runsTimers;
        IReadOnlyList<DeviceStateSnapshot> heard = [];
        if (takesOver || now >= _nextRead)
        {
            if (TryRead(takesOver ? DateTimeOffset.MinValue : _readFrom, out heard))
            {
                _readFrom = now - _interval;
                _nextRead = now + _interval;
            }
            else if (takesOver)
            {
                // Timers run only on states taken up: a new leader waits for its first read.
                leads = false;
                takesOver = false;
            }
        }

        _runsTimers = leads;
        var perShard = new List<DeviceStateSnapshot>?[_shards];
        foreach (var state in heard)
        {
            (perShard[_shardOf(state.DeviceId)] ??= []).Add(state);
        }

        var ticks = new ShardTick[_shards];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = new ShardTick(now, leads, takesOver, perShard[i] is { } states ? states : []);
        }

        return ticks;
    }

    private bool TryRead(DateTimeOffset since, out IReadOnlyList<DeviceStateSnapshot> heard)
    {
        try
        {
            var started = _clock.GetTimestamp();
            heard = _store.LoadHeardSince(since);
            if (since == DateTimeOffset.MinValue)
            {
                IngestionLog.TimersTakenOver(_logger, heard.Count, _clock.GetElapsedTime(started).TotalMilliseconds);
            }

            return true;
        }
#pragma warning disable CA1031 // A store that cannot be read now is read again at the next tick; the ticker must go on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            IngestionLog.SharedStatesReadFailed(_logger, exception);
            heard = [];
            return false;
        }
    }
}
