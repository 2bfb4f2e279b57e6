using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Ingestion.Verification;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>A raw uplink whose frame decoded, routed to the shard of its device; or, without an uplink, a clock tick.</summary>
internal readonly record struct ShardItem(RawUplink? Uplink, RadioFrame Frame, ShardTick? Tick)
{
    public static ShardItem TickAt(ShardTick tick) => new(null, default, tick);
}

/// <summary>
/// A tick of the alarm clock for one shard, with what it must take up first (<see cref="SharedStateSync"/>).
/// </summary>
/// <param name="At">The tick's time.</param>
/// <param name="RunsTimers">
/// Whether this gateway runs the device timers (silent too long, geofence crossings confirmed by time): always alone on a
/// store; with a shared store, only the gateway that leads escalation, so that one raises each.
/// </param>
/// <param name="TakesOver">Whether the gateway has just begun to run them: the stored memory of every device in <paramref name="Heard"/> wins.</param>
/// <param name="Heard">Stored states of this shard's devices, heard lately (by other gateways too).</param>
internal sealed record ShardTick(DateTimeOffset At, bool RunsTimers, bool TakesOver, IReadOnlyList<DeviceStateSnapshot> Heard)
{
    public static ShardTick Alone(DateTimeOffset at) => new(at, RunsTimers: true, TakesOver: false, []);
}

/// <summary>
/// Authenticates, replay-checks, merges and locates the frames of the devices whose id maps to this shard, and
/// runs the device alarm rules on them, one at a time, so each device's frames are handled in order without locks.
/// </summary>
internal sealed class UplinkShard : IDisposable
{
    // Beyond the duplicate window, for duplicates that waited in a receiver's or the pipeline's queues.
    private static readonly TimeSpan ReceptionGrace = TimeSpan.FromMinutes(1);

    private readonly DeviceRegistry _registry;
    private readonly IngestionOptions _options;
    private readonly ReceptionLocator _locator;
    private readonly UplinkRejections _rejections;
    private readonly DeviceRules _rules;
    private readonly ILogger _logger;
    private readonly DeviceKeyCache _keys;
    private readonly Dictionary<uint, DeviceRuntimeState> _states = [];
    private readonly List<AlarmIntent> _intents = [];
    private readonly List<RuleMemoryUpdate> _memories = [];
    private readonly int _index;
    private long _order;

    public UplinkShard(
        int index,
        DeviceRegistry registry,
        IngestionOptions options,
        ReceptionLocator locator,
        UplinkRejections rejections,
        DeviceRules rules,
        ILogger logger)
    {
        _index = index;
        _registry = registry;
        _options = options;
        _locator = locator;
        _rejections = rejections;
        _rules = rules;
        _logger = logger;
        _keys = new DeviceKeyCache(options.KeyCacheSize);
    }

    public int DeviceCount => _states.Count;

    public int KeyCount => _keys.Count;

    public void Restore(DeviceStateSnapshot snapshot) => _states[snapshot.DeviceId] = DeviceRuntimeState.Restore(snapshot);

    public async Task RunAsync(PriorityLanes<ShardItem> input, PriorityLanes<CommitItem> output)
    {
        await foreach (var item in input.ReadAllAsync().ConfigureAwait(false))
        {
            var commit = item.Uplink is { } uplink ? Process(uplink, item.Frame) : Tick(item.Tick!);
            if (commit is not null)
            {
                await output.WriteAsync(commit, commit.IsAlarm).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Handles one frame; returns what to store, or null when it was rejected (and already completed).</summary>
    public CommitItem? Process(RawUplink uplink, in RadioFrame frame)
    {
        if (!_registry.TryGetDevice(frame.DeviceId, out var device))
        {
            _rejections.Reject(uplink, UplinkOutcome.UnknownDevice, frame);
            return null;
        }

        var state = StateOf(device.Id);
        if (RadioFrameReader.VerifyMic(uplink.Payload.Span, _keys.Get(device)) != RadioFrameError.None)
        {
            return Suspicious(device, state, uplink, UplinkOutcome.BadMic, frame);
        }

        var verdict = state.Window.Judge(frame.Counter, _options.ReplayWindow);
        return verdict switch
        {
            CounterVerdict.New => AcceptNew(device, state, uplink, frame),
            CounterVerdict.Late => AcceptLate(device, state, uplink, frame),
            CounterVerdict.Seen when uplink.ReceivedAt - state.LastAcceptedAt <= _options.DuplicateWindow =>
                MergeDuplicate(device, state, uplink, frame),
            _ when uplink.IsRedelivery => Redelivered(uplink, state, frame),
            _ => Suspicious(device, state, uplink, UplinkOutcome.Replay, frame),
        };
    }

    /// <summary>
    /// Takes up the states stored by other gateways, then runs the time-based device rules for every device of this
    /// shard (when this gateway runs the timers); receptions kept for merging duplicates are let go once no duplicate can come.
    /// </summary>
    public CommitItem Tick(ShardTick tick)
    {
        Adopt(tick.Heard, tick.TakesOver);
        var now = tick.At;
        var mergeableSince = now - _options.DuplicateWindow - ReceptionGrace;
        foreach (var state in _states.Values)
        {
            if (state.CurrentReceptions is not null && state.LastAcceptedAt < mergeableSince)
            {
                // A device is heard every few minutes: keeping its last frame's receptions until then would cost
                // about 180 bytes for each of 140,000 devices, for duplicates that can only come within seconds.
                state.CurrentReceptions = null;
            }

            if (tick.RunsTimers && _registry.TryGetDevice(state.DeviceId, out var device) && _rules.Tick(device, state.Rules, now, _intents))
            {
                _memories.Add(new RuleMemoryUpdate(state.DeviceId, state.LastSeen, state.Rules.ToMemory()));
            }
        }

        RuleMemoryUpdate[] memories = _memories.Count == 0 ? [] : [.. _memories];
        _memories.Clear();
        return new CommitItem.TimedIntents(++_order, _index, now, _intents.Count == 0 ? [] : TakeIntents(), memories);
    }

    /// <summary>
    /// Takes up stored states of this shard's devices that are newer than what the shard knows: another gateway heard
    /// the device since. Taking over the timers, a stored state as new as the shard's wins too, for its memory (a
    /// silence the last timer gateway reported, a crossing it confirmed). A state the shard has not stored yet is newer
    /// than any stored one, so nothing in flight is lost.
    /// </summary>
    private void Adopt(IReadOnlyList<DeviceStateSnapshot> heard, bool takesOver)
    {
        foreach (var snapshot in heard)
        {
            if (!_registry.TryGetDevice(snapshot.DeviceId, out _))
            {
                continue;
            }

            if (!_states.TryGetValue(snapshot.DeviceId, out var known))
            {
                _states.Add(snapshot.DeviceId, DeviceRuntimeState.Restore(snapshot));
                continue;
            }

            // The store keeps milliseconds.
            var stored = snapshot.LastSeen.ToUnixTimeMilliseconds();
            var here = known.LastSeen.ToUnixTimeMilliseconds();
            if (stored > here || (stored == here && takesOver))
            {
                known.TakeUp(snapshot);
            }
        }
    }

    public void Dispose() => _keys.Dispose();

    private CommitItem.StoredUplink AcceptNew(Device device, DeviceRuntimeState state, RawUplink uplink, in RadioFrame frame)
    {
        state.Window.Accept(frame.Counter);
        state.LastAcceptedAt = uplink.ReceivedAt;
        state.Flags = frame.Flags;
        state.Battery = frame.Battery;
        Heard(state, uplink);

        var receptions = new List<Reception>(2) { uplink.ToReception() };
        state.CurrentFrame = frame;
        state.CurrentReceptions = receptions;

        var location = _locator.Locate(frame, receptions);
        TrailPoint? trail = null;
        if (location is { } where)
        {
            state.LastLocation = where;
            trail = TakeTrailPoint(state, where, uplink.ReceiverId);
            LogLocated(device.Id, where);
        }

        return Stored(state, uplink, UplinkOutcome.Accepted, trail, new AcceptedUplink(device, frame, [.. receptions], location, IsDuplicate: false));
    }

    /// <summary>A late frame counts once (its alarm matters) but never moves the device back in time.</summary>
    private CommitItem.StoredUplink AcceptLate(Device device, DeviceRuntimeState state, RawUplink uplink, in RadioFrame frame)
    {
        state.Window.Accept(frame.Counter);
        Heard(state, uplink);
        Reception[] receptions = [uplink.ToReception()];
        var location = _locator.Locate(frame, receptions);
        return Stored(state, uplink, UplinkOutcome.Accepted, null, new AcceptedUplink(device, frame, receptions, location, IsDuplicate: false));
    }

    /// <summary>Another receiver heard a frame already accepted: one uplink, one more reception, maybe a better position.</summary>
    private CommitItem.StoredUplink MergeDuplicate(Device device, DeviceRuntimeState state, RawUplink uplink, in RadioFrame frame)
    {
        Heard(state, uplink);
        Location? location = null;
        Reception[] receptions;
        if (frame.Counter == state.Window.LastCounter && state.CurrentReceptions is { } current)
        {
            if (!current.Exists(r => r.ReceiverId == uplink.ReceiverId))
            {
                current.Add(uplink.ToReception());
            }

            receptions = [.. current];
            location = _locator.Locate(state.CurrentFrame, current);

            // Without a current GNSS fix the frame was placed by its receivers, and more receivers place it better.
            if (location is { Source: not LocationSource.Gnss } refined)
            {
                state.LastLocation = refined;
                LogLocated(device.Id, refined);
            }
        }
        else
        {
            receptions = [uplink.ToReception()];
        }

        return Stored(state, uplink, UplinkOutcome.Duplicate, null, new AcceptedUplink(device, frame, receptions, location, IsDuplicate: true));
    }

    private CommitItem.StoredUplink Stored(DeviceRuntimeState state, RawUplink uplink, UplinkOutcome outcome, TrailPoint? trail, AcceptedUplink accepted)
    {
        _rules.Evaluate(accepted, state.Rules, _intents);
        return new CommitItem.StoredUplink(
            ++_order,
            IsAlarm: accepted.Frame.Type == FrameType.AlarmEvent || _intents.Count > 0,
            uplink,
            outcome,
            state.ToSnapshot(),
            trail,
            accepted,
            _intents.Count == 0 ? null : TakeIntents());
    }

    /// <summary>A frame already stored, delivered again by its transport after a crash: a replay that changes nothing and suspects nobody.</summary>
    private CommitItem? Redelivered(RawUplink uplink, DeviceRuntimeState state, in RadioFrame frame)
    {
        _rejections.Reject(uplink, UplinkOutcome.Replay, frame, state.Window.LastCounter);
        return null;
    }

    /// <summary>A forged or replayed frame changes nothing, but repeated ones raise a security alarm, stored before the uplink completes.</summary>
    private CommitItem.SuspectUplink? Suspicious(Device device, DeviceRuntimeState state, RawUplink uplink, UplinkOutcome outcome, in RadioFrame frame)
    {
        _rules.Suspicious(device, uplink.ReceiverId, uplink.ReceivedAt, outcome, state.Rules, _intents);
        var raised = _intents.Count > 0;
        _rejections.Reject(uplink, outcome, frame, state.Window.LastCounter, complete: !raised);
        return raised ? new CommitItem.SuspectUplink(++_order, uplink, outcome, TakeIntents()) : null;
    }

    private DeviceRuntimeState StateOf(uint deviceId)
    {
        if (!_states.TryGetValue(deviceId, out var state))
        {
            state = new DeviceRuntimeState(deviceId);
            _states.Add(deviceId, state);
        }

        return state;
    }

    private AlarmIntent[] TakeIntents()
    {
        var intents = _intents.ToArray();
        _intents.Clear();
        return intents;
    }

    private static void Heard(DeviceRuntimeState state, RawUplink uplink)
    {
        if (uplink.ReceivedAt >= state.LastSeen)
        {
            state.LastSeen = uplink.ReceivedAt;
            state.LastReceiverId = uplink.ReceiverId;
        }
    }

    private TrailPoint? TakeTrailPoint(DeviceRuntimeState state, Location location, string receiverId)
    {
        if (state.LastTrailLocation is { } last &&
            last.Source == location.Source &&
            location.At - last.At < _options.TrailMinInterval &&
            LocalGeodesy.DistanceMetres(last.Point, location.Point) < _options.TrailMinDistanceMetres)
        {
            return null;
        }

        state.LastTrailLocation = location;
        return new TrailPoint(state.DeviceId, location, receiverId);
    }

    private void LogLocated(uint deviceId, Location location)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            IngestionLog.Located(_logger, deviceId, location.Point.ToString(), location.AccuracyMetres, location.Source.ToString());
        }
    }
}
