using System.Threading.Channels;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// The queue between two pipeline stages in two bounded lanes: an alarm lane for work that carries an alarm (an SOS,
/// a fall, a wristband taken off, a raised alarm to store) and a routine lane for everything else. The one reader
/// takes the alarm lane first, so an alarm never waits behind a backlog of other devices' position reports; after
/// <see cref="MaxAlarmStreak"/> alarm items in a row it takes one routine item, so a flood of (forged) alarm frames
/// slows routine work down but never stops it. Both lanes wait when full: pressure travels back to the writers and
/// nothing is dropped.
/// </summary>
/// <remarks>
/// An alarm item written with an order key (a device) never overtakes a routine item written earlier with the same
/// key: the reader takes routine work up to that item first. A device's own frames are therefore judged in the order
/// they came (the report just before an SOS is on the trail and its flags and fences are judged before the SOS), while
/// the backlog of every other device is overtaken.
/// </remarks>
/// <typeparam name="T">The work item.</typeparam>
internal sealed class PriorityLanes<T>
{
    /// <summary>Alarm items the reader takes in a row while routine items wait.</summary>
    public const int MaxAlarmStreak = 16;

    private readonly Channel<AlarmEntry> _alarms;
    private readonly Channel<RoutineEntry> _routine;
    private readonly Lock _writing = new();

    // The ticket of each key's latest routine item (writers, under _writing). An entry whose ticket the reader has
    // passed is of no use any more; they are pruned once there are more entries than the lane can hold.
    private readonly Dictionary<uint, long> _lastRoutineTicket = [];
    private readonly int _pruneAbove;
    private long _tickets;
    private long _routineTaken;

    private Task<bool>? _alarmWait;
    private Task<bool>? _routineWait;
    private bool _alarmsOpen = true;
    private bool _routineOpen = true;
    private int _streak;

    /// <summary>Creates both lanes, each holding at most <paramref name="capacity"/> items.</summary>
    public PriorityLanes(int capacity)
    {
        _alarms = Channel.CreateBounded<AlarmEntry>(Options(capacity));
        _routine = Channel.CreateBounded<RoutineEntry>(Options(capacity));
        _pruneAbove = Math.Max(1024, capacity * 2);
    }

    /// <summary>Items waiting in both lanes.</summary>
    public int Count => _alarms.Reader.Count + _routine.Reader.Count;

    /// <summary>Items waiting in the alarm lane.</summary>
    public int AlarmCount => _alarms.Reader.Count;

    /// <summary>
    /// Queues <paramref name="item"/> in its lane; waits while that lane is full. Items of one
    /// <paramref name="orderKey"/> keep their order across the lanes.
    /// </summary>
    public async ValueTask WriteAsync(T item, bool isAlarm, uint? orderKey = null, CancellationToken cancellationToken = default)
    {
        while (!TryWrite(item, isAlarm, orderKey))
        {
            var room = isAlarm ? _alarms.Writer.WaitToWriteAsync(cancellationToken) : _routine.Writer.WaitToWriteAsync(cancellationToken);
            if (!await room.ConfigureAwait(false))
            {
                throw new ChannelClosedException();
            }
        }
    }

    /// <summary>No more items: the reader ends once both lanes are drained.</summary>
    public void Complete()
    {
        _alarms.Writer.TryComplete();
        _routine.Writer.TryComplete();
    }

    /// <summary>
    /// Takes the next item: the alarm lane's first, unless routine items have waited out a streak of alarms or the
    /// first alarm must wait for an earlier routine item of its key.
    /// </summary>
    public bool TryRead(out T item)
    {
        if (TryReadAlarm(out item))
        {
            return true;
        }

        if (_routine.Reader.TryRead(out var routine))
        {
            Volatile.Write(ref _routineTaken, routine.Ticket);
            _streak = 0;
            item = routine.Item;
            return true;
        }

        // The routine lane is empty, so every routine item an alarm was written after has been taken.
        if (_alarms.Reader.TryRead(out var alarm))
        {
            item = alarm.Item;
            return true;
        }

        item = default!;
        return false;
    }

    /// <summary>
    /// Takes the next item only if it is an alarm that may go now (within the streak, and not owed to an earlier
    /// routine item of its key); routine items stay where they are.
    /// </summary>
    public bool TryReadAlarm(out T item)
    {
        if (_streak < MaxAlarmStreak && _alarms.Reader.TryPeek(out var alarm) && alarm.After <= _routineTaken)
        {
            _alarms.Reader.TryRead(out _);
            _streak++;
            item = alarm.Item;
            return true;
        }

        item = default!;
        return false;
    }

    /// <summary>Waits until an item can be read (true) or both lanes are completed and drained (false). One reader only.</summary>
    public async ValueTask<bool> WaitToReadAsync()
    {
        while (true)
        {
            if (_alarms.Reader.Count > 0 || _routine.Reader.Count > 0)
            {
                return true;
            }

            if (!_alarmsOpen && !_routineOpen)
            {
                return false;
            }

            // One outstanding wait per lane, kept across calls: a lane that stays quiet (alarms, mostly) must not
            // collect a new waiter every time the other lane wakes the reader.
            if (_alarmsOpen)
            {
                _alarmWait ??= _alarms.Reader.WaitToReadAsync().AsTask();
            }

            if (_routineOpen)
            {
                _routineWait ??= _routine.Reader.WaitToReadAsync().AsTask();
            }

            await WhenEitherAsync().ConfigureAwait(false);
            if (_alarmWait is { IsCompleted: true } alarmWait)
            {
                _alarmsOpen = await alarmWait.ConfigureAwait(false);
                _alarmWait = null;
            }

            if (_routineWait is { IsCompleted: true } routineWait)
            {
                _routineOpen = await routineWait.ConfigureAwait(false);
                _routineWait = null;
            }
        }
    }

    /// <summary>Every item until both lanes are completed and drained, alarms first.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync()
    {
        while (await WaitToReadAsync().ConfigureAwait(false))
        {
            while (TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    private bool TryWrite(T item, bool isAlarm, uint? orderKey)
    {
        lock (_writing)
        {
            if (isAlarm)
            {
                var after = orderKey is { } alarmKey && _lastRoutineTicket.TryGetValue(alarmKey, out var ticket) ? ticket : 0;
                return _alarms.Writer.TryWrite(new AlarmEntry(item, after));
            }

            var next = _tickets + 1;
            if (!_routine.Writer.TryWrite(new RoutineEntry(item, next)))
            {
                return false;
            }

            _tickets = next;
            if (orderKey is { } key)
            {
                _lastRoutineTicket[key] = next;
                if (_lastRoutineTicket.Count > _pruneAbove)
                {
                    PruneTaken();
                }
            }

            return true;
        }
    }

    private void PruneTaken()
    {
        var taken = Volatile.Read(ref _routineTaken);
        foreach (var (key, ticket) in _lastRoutineTicket)
        {
            if (ticket <= taken)
            {
                _lastRoutineTicket.Remove(key);
            }
        }
    }

    private Task WhenEitherAsync() => (_alarmWait, _routineWait) switch
    {
        ({ } alarms, { } routine) => Task.WhenAny(alarms, routine),
        ({ } alarms, null) => alarms,
        (null, { } routine) => routine,
        _ => Task.CompletedTask,
    };

    private static BoundedChannelOptions Options(int capacity) => new(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    };

    /// <summary>An alarm item, and the ticket of the routine item of its key it must not overtake (0: none).</summary>
    private readonly record struct AlarmEntry(T Item, long After);

    /// <summary>A routine item and its place in the routine lane.</summary>
    private readonly record struct RoutineEntry(T Item, long Ticket);
}
