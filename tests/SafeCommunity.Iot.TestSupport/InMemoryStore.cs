using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// A fast stand-in for the SQLite store (which has its own tests against real files): device state, trail, alarm
/// events (numbered as the database numbers them) and theft reports. With <see cref="IsShared"/> it stands for a
/// store several pipelines share, as PostgreSQL is: each commit with alarm events notifies every listener, and a
/// batch's frame claims take each counter once across them.
/// </summary>
public sealed class InMemoryStore : IDeviceStateStore, IStateAndAlarmWriter, IAlarmStore, IAlarmEventSignal
{
    private readonly List<Action> _listeners = [];
    private readonly List<AlarmEvent> _events = [];
    private readonly Dictionary<long, Alarm> _alarms = [];
    private readonly List<TheftReport> _thefts = [];

    private readonly Lock _lock = new();
    private long _lastAlarmId;
    private readonly Dictionary<uint, DeviceStateSnapshot> _states = [];
    private readonly List<TrailPoint> _trail = [];
    private readonly List<(int States, int AlarmEvents)> _batches = [];
    private readonly Dictionary<uint, ClaimedFrames> _claimed = [];

    /// <summary>How many batches were committed.</summary>
    public int Commits { get; private set; }

    /// <summary>What each committed batch held, in commit order: device states and alarm events.</summary>
    public IReadOnlyList<(int States, int AlarmEvents)> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    /// <inheritdoc />
    public bool IsShared { get; init; }

    /// <inheritdoc />
    public bool LeadsEscalation => true;

    /// <inheritdoc />
    public async Task ListenAsync(Action onStored, CancellationToken cancellationToken)
    {
        if (!IsShared)
        {
            throw new InvalidOperationException("This store is not shared.");
        }

        lock (_lock)
        {
            _listeners.Add(onStored);
        }

        onStored();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _listeners.Remove(onStored);
            }
        }
    }

    /// <summary>Asked before each commit; an exception it returns is thrown instead of committing.</summary>
    public Func<Exception?> FailNextCommit { get; set; } = () => null;

    /// <inheritdoc />
    public IReadOnlyList<DeviceStateSnapshot> LoadAll()
    {
        lock (_lock)
        {
            return [.. _states.Values];
        }
    }

    /// <inheritdoc />
    public void Commit(StateAndAlarmBatch batch)
    {
        if (FailNextCommit() is { } failure)
        {
            throw failure;
        }

        Action[] listeners;
        lock (_lock)
        {
            if (batch.ClaimJudge is { } judge)
            {
                batch.ClaimAnswers.Clear();
                foreach (var claim in batch.Claims)
                {
                    batch.ClaimAnswers.Add(Claim(claim, batch.ClaimWindow));
                }

                judge.Judge(batch);
            }

            foreach (var merge in batch.Merges)
            {
                if (_claimed.TryGetValue(merge.DeviceId, out var frames) && frames.Last == merge.Counter)
                {
                    frames.Receptions = [.. merge.Receptions];
                    if (merge.Location is { } location && _states.TryGetValue(merge.DeviceId, out var state))
                    {
                        _states[merge.DeviceId] = state with { LastLocation = location };
                    }
                }
            }

            foreach (var state in batch.States)
            {
                if (batch.ClaimJudge is null)
                {
                    _states[state.DeviceId] = state;
                }
                else if (_claimed.TryGetValue(state.DeviceId, out var frames) && frames.Last == state.LastCounter)
                {
                    // Where counters are claimed, the claims keep them, and only the state of the newest frame is kept.
                    _states[state.DeviceId] = state with { SeenWindow = frames.Window() };
                }
            }

            foreach (var update in batch.RuleMemories)
            {
                if (_states.TryGetValue(update.DeviceId, out var state) && state.LastSeen <= update.HeardAt)
                {
                    _states[update.DeviceId] = state with { Rules = update.Memory };
                }
            }

            _trail.AddRange(batch.Trail);

            // As the database does: the next free numbers, in the batch's order.
            batch.NumberAlarmEvents((_events.Count == 0 ? 0 : _events[^1].Sequence) + 1);
            foreach (var alarmEvent in batch.AlarmEvents)
            {
                _events.Add(alarmEvent);
                _alarms[alarmEvent.Alarm.Id] = alarmEvent.Alarm;
            }

            _batches.Add((batch.States.Count, batch.AlarmEvents.Count));
            Commits++;
            listeners = batch.AlarmEvents.Count > 0 ? [.. _listeners] : [];
        }

        foreach (var listener in listeners)
        {
            listener();
        }
    }

    /// <summary>The receptions stored with <paramref name="deviceId"/>'s newest claimed frame.</summary>
    public IReadOnlyList<Reception> ClaimedReceptions(uint deviceId)
    {
        lock (_lock)
        {
            return _claimed.TryGetValue(deviceId, out var frames) ? [.. frames.Receptions] : [];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<DeviceStateSnapshot> LoadHeardSince(DateTimeOffset since)
    {
        lock (_lock)
        {
            return [.. _states.Values.Where(state => state.LastSeen > since).OrderBy(state => state.DeviceId)];
        }
    }

    /// <inheritdoc />
    public DeviceStateSnapshot? Find(uint deviceId)
    {
        lock (_lock)
        {
            return _states.GetValueOrDefault(deviceId);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrailPoint> GetTrail(uint deviceId, DateTimeOffset since, DateTimeOffset until, int limit)
    {
        lock (_lock)
        {
            // As the database answers: oldest first by time, points of one instant in the order they were stored.
            return [.. _trail.Where(p => p.DeviceId == deviceId && p.Location.At >= since && p.Location.At <= until).OrderBy(p => p.Location.At).TakeLast(limit)];
        }
    }

    /// <inheritdoc />
    public int PruneTrail(DateTimeOffset olderThan)
    {
        lock (_lock)
        {
            return _trail.RemoveAll(p => p.Location.At < olderThan);
        }
    }

    /// <inheritdoc />
    public AlarmStartState LoadStartState()
    {
        lock (_lock)
        {
            return new AlarmStartState(
                [.. _alarms.Values.Where(a => a.IsActive)],
                _events.Count == 0 ? 0 : _events[^1].Sequence,
                _lastAlarmId);
        }
    }

    /// <inheritdoc />
    public long ReserveAlarmIds(int count)
    {
        lock (_lock)
        {
            _lastAlarmId += count;
            return _lastAlarmId;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<AlarmEvent> EventsAfter(long afterSequence, int limit)
    {
        lock (_lock)
        {
            return [.. _events.Where(e => e.Sequence > afterSequence).Take(limit)];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<AlarmEvent> EventsOf(long alarmId)
    {
        lock (_lock)
        {
            return [.. _events.Where(e => e.Alarm.Id == alarmId)];
        }
    }

    /// <inheritdoc />
    public Alarm? FindAlarm(long alarmId)
    {
        lock (_lock)
        {
            return _alarms.GetValueOrDefault(alarmId);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Alarm> ListAlarms(AlarmQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            return
            [
                .. _alarms.Values
                    .Where(a => query.CommunityIds is null || query.CommunityIds.Contains(a.HomeCommunityId)
                        || (a.SeenCommunityId is { } seen && query.CommunityIds.Contains(seen)))
                    .Where(a => query.DeviceIds is null || (a.DeviceId is { } id && query.DeviceIds.Contains(id)))
                    .Where(a => query.Kinds is null || query.Kinds.Contains(a.Kind))
                    .Where(a => query.MinimumSeverity is not { } minimum || a.Severity >= minimum)
                    .Where(a => !query.ActiveOnly || a.IsActive)
                    .Where(a => query.RaisedFrom is not { } from || a.FirstSeen >= from)
                    .Where(a => query.RaisedBefore is not { } until || a.FirstSeen < until)
                    .Where(a => query.BeforeId is not { } before || a.Id < before)
                    .OrderByDescending(a => a.Id)
                    .Take(query.Limit),
            ];
        }
    }

    /// <inheritdoc />
    public TheftReport SaveTheft(TheftReport report)
    {
        lock (_lock)
        {
            if (report.Id == 0 && _thefts.Exists(t => t.DeviceId == report.DeviceId && t.IsActive))
            {
                throw new TheftAlreadyReportedException(report.DeviceId);
            }

            var saved = report.Id == 0 ? report with { Id = _thefts.Count + 1 } : report;
            _thefts.RemoveAll(t => t.Id == saved.Id);
            _thefts.Add(saved);
            return saved;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TheftReport> LoadActiveThefts()
    {
        lock (_lock)
        {
            return [.. _thefts.Where(t => t.IsActive)];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TheftReport> TheftsOf(uint deviceId)
    {
        lock (_lock)
        {
            return [.. _thefts.Where(t => t.DeviceId == deviceId).OrderByDescending(t => t.Id)];
        }
    }

    private StoredFrame? Claim(FrameClaim claim, int window)
    {
        if (!_claimed.TryGetValue(claim.DeviceId, out var frames))
        {
            _claimed[claim.DeviceId] = new ClaimedFrames(claim);
            return null;
        }

        if (claim.Counter > frames.Last)
        {
            frames.Take(claim);
            return null;
        }

        if (claim.Counter < frames.Last && frames.Last - 1 - claim.Counter < (uint)window && frames.Counters.Add(claim.Counter))
        {
            return null;
        }

        return new StoredFrame(frames.Last, frames.At, [.. frames.Receptions]);
    }

    /// <summary>The counters a device had accepted across the pipelines sharing this store.</summary>
    private sealed class ClaimedFrames
    {
        public ClaimedFrames(FrameClaim first)
        {
            Counters = [];
            Receptions = [];
            Take(first);
        }

        public uint Last { get; private set; }

        public DateTimeOffset At { get; private set; }

        public HashSet<uint> Counters { get; }

        public List<Reception> Receptions { get; set; }

        public void Take(FrameClaim newest)
        {
            Last = newest.Counter;
            At = newest.ReceivedAt;
            Counters.Add(newest.Counter);
            Receptions = [.. newest.Receptions];
        }

        /// <summary>Bit i: counter Last − 1 − i was accepted, as the store keeps it.</summary>
        public ulong Window()
        {
            var bits = 0UL;
            for (var i = 0; i < 64 && i < Last; i++)
            {
                if (Counters.Contains(Last - 1 - (uint)i))
                {
                    bits |= 1UL << i;
                }
            }

            return bits;
        }
    }
}
