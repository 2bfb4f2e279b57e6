using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Alarms.Engine;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// Stores work in batches — one transaction for whatever is waiting, up to a limit — and only then tells anyone:
/// alarm subscribers, uplink observers, and the uplinks' senders. Device states, trail points and the alarm
/// events they caused go into the same transaction, so a stored counter never comes without its alarm, and an
/// alarm is numbered (gap-free, by the store in that transaction) and stored before any subscriber sees it or any
/// QoS 1 message that caused it is acknowledged. With a store shared by several gateways the stream is published as
/// read back from the store (<see cref="SharedAlarmFeed"/>). Alarm work is taken first (<see cref="PriorityLanes{T}"/>)
/// and stored in a transaction of its own, so an SOS is in the next, small transaction, not behind or among the routine backlog.
/// With a shared store every frame's counter is claimed in the transaction first (<see cref="CounterClaims"/>), and
/// only the frames whose claims won raise alarms and store states (<see cref="Judge"/>).
/// </summary>
internal sealed class StateCommitter : IFrameClaimJudge
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IStateAndAlarmWriter _store;
    private readonly AlarmEngine _alarms;
    private readonly AlarmHub _hub;
    private readonly IReadOnlyList<IUplinkObserver> _observers;
    private readonly ReceiverStatistics _statistics;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly SharedAlarmFeed? _feed;
    private readonly CounterClaims? _claims;
    private readonly List<CommitItem> _items;
    private readonly Dictionary<uint, int> _stateIndex = [];

    // The indices in _items of the batch's claimed uplinks, in the order of the batch's claims.
    private readonly List<int> _claimed = [];
    private readonly List<(AlarmCommand Command, AlarmChange Change, int EventIndex)> _answers = [];
    private readonly List<AlarmEvent> _readBack = [];
    private readonly List<AlarmEvent> _storedElsewhere = [];
    private readonly Dictionary<uint, long> _storedOrder = [];
    private readonly DateTimeOffset[] _shardTicks;
    private DateTimeOffset _clockTick;
    private long _tickedThroughUtcTicks;
    private bool _judged;

    public StateCommitter(
        IStateAndAlarmWriter store,
        AlarmEngine alarms,
        AlarmHub hub,
        IReadOnlyList<IUplinkObserver> observers,
        ReceiverStatistics statistics,
        IngestionMetrics metrics,
        TimeProvider clock,
        ILogger logger,
        int maxBatch,
        int shards,
        SharedAlarmFeed? feed,
        CounterClaims? claims)
    {
        _store = store;
        _alarms = alarms;
        _hub = hub;
        _observers = observers;
        _statistics = statistics;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        _maxBatch = maxBatch;
        _feed = feed;
        _claims = claims;
        _items = new List<CommitItem>(maxBatch);

        // Until the first ticks arrive, the rules are as current as the start.
        var started = clock.GetUtcNow();
        _shardTicks = [.. Enumerable.Repeat(started, shards)];
        _clockTick = started;
        _tickedThroughUtcTicks = started.UtcTicks;
    }

    /// <summary>The time up to which every shard's tick and the commit stage's own tick are stored and published.</summary>
    public DateTimeOffset TickedThrough => new(Volatile.Read(ref _tickedThroughUtcTicks), TimeSpan.Zero);

    /// <summary>
    /// Runs until <paramref name="input"/> is completed and drained. <paramref name="abandon"/> stops retrying a
    /// failing store at shutdown; what could not be stored is then completed as not processed.
    /// </summary>
    public async Task RunAsync(PriorityLanes<CommitItem> input, CancellationToken abandon)
    {
        var items = _items;
        var batch = new StateAndAlarmBatch();
        if (_claims is not null)
        {
            batch.ClaimJudge = this;
            batch.ClaimWindow = _claims.Window;
        }

        // Never cancelled while waiting: the loop ends when the lanes are completed and drained.
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            Take(input, items);

            Fill(batch, items);
            if (await CommitAsync(batch, items.Count, abandon).ConfigureAwait(false))
            {
                Publish(items, batch.AlarmEvents);
            }
            else
            {
                Abandon(items);
            }

            items.Clear();
            batch.Clear();
            _stateIndex.Clear();
            _claimed.Clear();
            _judged = false;
            _answers.Clear();
            _readBack.Clear();
        }
    }

    /// <summary>
    /// The next batch: when an alarm is waiting, only the alarms waiting, so an alarm is stored and published in a
    /// transaction of its own instead of with up to a full batch of routine work; otherwise whatever is waiting.
    /// </summary>
    private void Take(PriorityLanes<CommitItem> input, List<CommitItem> items)
    {
        if (input.TryReadAlarm(out var alarm))
        {
            items.Add(alarm);
            while (items.Count < _maxBatch && input.TryReadAlarm(out alarm))
            {
                items.Add(alarm);
            }

            return;
        }

        while (items.Count < _maxBatch && input.TryRead(out var item))
        {
            items.Add(item);
        }
    }

    private void Fill(StateAndAlarmBatch batch, List<CommitItem> items)
    {
        for (var index = 0; index < items.Count; index++)
        {
            switch (items[index])
            {
                case CommitItem.StoredUplink stored when _claims is not null:
                    _claimed.Add(index);
                    batch.Claims.Add(CounterClaims.ClaimOf(stored));
                    break;
                case CommitItem.StoredUplink stored:
                    Store(batch, stored);
                    break;
                case CommitItem.SuspectUplink suspect:
                    Raise(batch, suspect.Intents);
                    break;
                case CommitItem.TimedIntents timed:
                    batch.RuleMemories.AddRange(timed.Memories);
                    Raise(batch, timed.Intents);
                    break;
                case CommitItem.PersonsCommand { Command: var command }:
                    var eventIndex = batch.AlarmEvents.Count;
                    _answers.Add((command, _alarms.Apply(command.Request, batch.AlarmEvents), eventIndex));
                    break;
                case CommitItem.StoredEvents { Events: var stored }:
                    Observe(stored);
                    break;
                case CommitItem.ClockTick { At: var now }:
                    _alarms.Tick(now, batch.AlarmEvents, escalate: _feed?.LeadsEscalation ?? true);
                    break;
            }
        }
    }

    /// <summary>
    /// Once the store has answered the batch's claims: the uplinks that took their counter store their state, trail and
    /// alarms; the others become duplicates merged with another gateway's reception, or refused replays.
    /// </summary>
    public void Judge(StateAndAlarmBatch batch)
    {
        // The alarm engine has taken the first answers' alarms; a retried commit stores what they decided.
        if (_judged)
        {
            return;
        }

        _judged = true;
        for (var i = 0; i < _claimed.Count; i++)
        {
            var index = _claimed[i];
            var stored = (CommitItem.StoredUplink)_items[index];
            if (batch.ClaimAnswers[i] is { } elsewhere)
            {
                _items[index] = _claims!.Decide(stored, elsewhere, batch.Merges);
            }
            else
            {
                Store(batch, stored);
            }
        }
    }

    private void Store(StateAndAlarmBatch batch, CommitItem.StoredUplink stored)
    {
        KeepState(batch, stored);
        if (stored.Trail is { } point)
        {
            batch.Trail.Add(point);
        }

        Raise(batch, stored.Intents);
    }

    /// <summary>Takes the other gateways' events into the alarm book; publishes all of them after this batch.</summary>
    private void Observe(IReadOnlyList<AlarmEvent> stored)
    {
        foreach (var alarmEvent in stored)
        {
            if (!_feed!.WasStoredHere(alarmEvent.Sequence))
            {
                _storedElsewhere.Add(alarmEvent);
            }
        }

        _alarms.Observe(_storedElsewhere);
        _storedElsewhere.Clear();
        _readBack.AddRange(stored);
    }

    private void KeepState(StateAndAlarmBatch batch, CommitItem.StoredUplink stored)
    {
        var state = stored.State;
        if (!IsLatest(stored, state.DeviceId))
        {
            return;
        }

        // Several uplinks of one device in a batch: its latest state is the one to keep.
        if (_stateIndex.TryGetValue(state.DeviceId, out var index))
        {
            batch.States[index] = state;
        }
        else
        {
            _stateIndex.Add(state.DeviceId, batch.States.Count);
            batch.States.Add(state);
        }
    }

    private void Raise(StateAndAlarmBatch batch, IReadOnlyList<AlarmIntent>? intents)
    {
        if (intents is not null)
        {
            _alarms.Raise(intents, batch.AlarmEvents);
        }
    }

    /// <summary>
    /// Whether <paramref name="item"/>'s state is newer than any stored for the device. Alarm work overtakes routine
    /// work, so a device's older routine state can reach the store after its newer alarm state; it must not replace it
    /// (a stored counter going back would let a replay in after a restart). One number per device is kept for this.
    /// </summary>
    private bool IsLatest(CommitItem item, uint deviceId)
    {
        ref var stored = ref CollectionsMarshal.GetValueRefOrAddDefault(_storedOrder, deviceId, out _);
        if (item.Order < stored)
        {
            return false;
        }

        stored = item.Order;
        return true;
    }

    private async Task<bool> CommitAsync(StateAndAlarmBatch batch, int count, CancellationToken abandon)
    {
        if (batch.IsEmpty)
        {
            return true;
        }

        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                _store.Commit(batch);
                _metrics.CommitBatch(count, Stopwatch.GetElapsedTime(started));
                return true;
            }
#pragma warning disable CA1031 // Any store failure (disk full, I/O error) is retried; the pipeline waits rather than loses.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                IngestionLog.CommitFailed(_logger, exception, count, delay);
                try
                {
                    await Task.Delay(delay, _clock, abandon).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private void Publish(List<CommitItem> items, List<AlarmEvent> alarmEvents)
    {
        if (_feed is null)
        {
            _hub.Publish(alarmEvents);
        }
        else
        {
            // The stream is what the store holds, in its order: what was read back first, then this batch's own
            // events, but only when they follow the last event published; otherwise another gateway's events lie
            // between, and these come back through the feed after them.
            PublishAfterLast(_readBack);
            if (alarmEvents.Count > 0)
            {
                _feed.StoredHere(alarmEvents[0].Sequence, alarmEvents[^1].Sequence);
                if (alarmEvents[0].Sequence == _hub.LastPublished + 1)
                {
                    _hub.Publish(alarmEvents);
                }
            }
        }

        var published = _clock.GetUtcNow();
        foreach (var alarmEvent in alarmEvents)
        {
            var alarm = alarmEvent.Alarm;
            if (alarmEvent.Actor is null && alarmEvent.Type is AlarmEventType.Raised or AlarmEventType.Updated)
            {
                _metrics.AlarmLatency(published - alarmEvent.At);
            }

            IngestionLog.AlarmEvent(
                _logger, alarmEvent.Sequence, alarmEvent.Type.ToString(), alarm.Kind.ToString(), alarm.Severity.ToString(),
                alarm.Id, alarm.Subject, alarm.HomeCommunityId, alarm.Count);
        }

        // The answer carries the event as stored, with the number the store gave it.
        foreach (var (command, change, eventIndex) in _answers)
        {
            command.Complete(change.Event is null ? change : AlarmChange.Done(alarmEvents[eventIndex]));
        }

        var now = _clock.GetUtcNow();
        foreach (var item in items)
        {
            switch (item)
            {
                case CommitItem.StoredUplink stored:
                    Observe(stored.Accepted);
                    _statistics.Outcome(stored.Uplink.ReceiverId, stored.Outcome);
                    _metrics.Processed(stored.Outcome);
                    _metrics.Latency(now - stored.Uplink.ReceivedAt);
                    stored.Uplink.Completion?.Complete(stored.Outcome);
                    break;
                case CommitItem.SuspectUplink suspect:
                    // Counted when it was rejected; completed only now that its security alarm is stored.
                    suspect.Uplink.Completion?.Complete(suspect.Outcome);
                    break;
                case CommitItem.RefusedUplink refused:
                    _claims!.Refused(refused);
                    break;
                case CommitItem.TimedIntents timed when timed.At > _shardTicks[timed.Shard]:
                    _shardTicks[timed.Shard] = timed.At;
                    break;
                case CommitItem.ClockTick { At: var at } when at > _clockTick:
                    _clockTick = at;
                    break;
            }
        }

        var through = _clockTick;
        foreach (var shardTick in _shardTicks)
        {
            through = shardTick < through ? shardTick : through;
        }

        Volatile.Write(ref _tickedThroughUtcTicks, through.UtcTicks);
    }

    /// <summary>Publishes the events of <paramref name="events"/> that come after the last one published (the others already went out).</summary>
    private void PublishAfterLast(List<AlarmEvent> events)
    {
        var after = _hub.LastPublished;
        var first = events.FindIndex(e => e.Sequence > after);
        if (first >= 0)
        {
            _hub.Publish(first == 0 ? events : events.GetRange(first, events.Count - first));
        }
    }

    private void Observe(AcceptedUplink accepted)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnStored(accepted);
            }
#pragma warning disable CA1031 // One faulty observer must not stop the others or the acknowledgement.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                IngestionLog.ObserverFailed(_logger, exception, accepted.Device.ToString());
            }
        }
    }

    private void Abandon(List<CommitItem> items)
    {
        foreach (var (command, _, _) in _answers)
        {
            command.Complete(AlarmChange.Failed(AlarmChangeError.NotStored));
        }

        foreach (var item in items)
        {
            var uplink = item switch
            {
                CommitItem.StoredUplink stored => stored.Uplink,
                CommitItem.SuspectUplink suspect => suspect.Uplink,
                CommitItem.RefusedUplink refused => refused.Uplink,
                _ => null,
            };
            if (uplink is not null)
            {
                _metrics.Processed(UplinkOutcome.NotProcessed);
                uplink.Completion?.Complete(UplinkOutcome.NotProcessed);
            }
        }
    }
}
