using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Alarms.Engine;

/// <summary>
/// The alarm engine: turns what the device rules found (intents), what people ask (acknowledge, resolve) and the
/// clock (escalation, silent receivers) into numbered alarm events. It only decides and numbers; the caller stores
/// the events it adds, in the same transaction as the state that caused them
/// (<see cref="Core.State.IStateAndAlarmWriter"/>), and publishes them after that.
/// </summary>
/// <remarks>
/// Single-threaded by design, like the <see cref="AlarmBook"/> it keeps: events are numbered in the order they are
/// added, so the sequence is gap-free and matches the order of storage as long as one thread commits. After a store
/// failure that is given up on, the engine must not be used again (its numbers ran ahead of the store); the pipeline
/// then stops and the next start reads the stored state back.
/// </remarks>
public sealed class AlarmEngine
{
    private readonly AlarmBook _book;
    private readonly ReceiverRules _receiverRules;
    private readonly List<AlarmIntent> _receiverIntents = [];

    /// <summary>Starts from what the store holds; new alarms take their ids from <paramref name="ids"/>.</summary>
    public AlarmEngine(AlarmStartState start, AlarmRuleOptions options, ReceiverRules receiverRules, AlarmIds ids)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        _book = new AlarmBook(start.Active, start.LastSequence, ids, options.EscalateAfter);
        _receiverRules = receiverRules;
    }

    /// <summary>The last sequence number handed out.</summary>
    public long LastSequence => _book.LastSequence;

    /// <summary>How many alarms are open or acknowledged.</summary>
    public int ActiveCount => _book.ActiveCount;

    /// <summary>An active alarm by id.</summary>
    public Alarm? FindActive(long id) => _book.FindActive(id);

    /// <summary>Raises (or updates) an alarm for each intent; adds one event per intent to <paramref name="events"/>.</summary>
    public void Raise(IReadOnlyList<AlarmIntent> intents, List<AlarmEvent> events)
    {
        ArgumentNullException.ThrowIfNull(intents);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var intent in intents)
        {
            events.Add(_book.Raise(intent));
        }
    }

    /// <summary>Applies a person's request; when it is accepted, adds its event to <paramref name="events"/>.</summary>
    public AlarmChange Apply(AlarmRequest request, List<AlarmEvent> events)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(events);
        var change = request.ResolutionNote is { } note
            ? _book.Resolve(request.AlarmId, request.Actor, note, request.At)
            : _book.Acknowledge(request.AlarmId, request.Actor, request.At);
        if (change.Event is { } changeEvent)
        {
            events.Add(changeEvent);
        }

        return change;
    }

    /// <summary>Takes in events another gateway stored in the shared store, in sequence order.</summary>
    public void Observe(IReadOnlyList<AlarmEvent> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var alarmEvent in stored)
        {
            _book.Observe(alarmEvent);
        }
    }

    /// <summary>
    /// What the clock decides at <paramref name="now"/>: escalations (unless another gateway of a shared store
    /// escalates: <paramref name="escalate"/> false), then receivers gone silent.
    /// </summary>
    public void Tick(DateTimeOffset now, List<AlarmEvent> events, bool escalate = true)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (escalate)
        {
            _book.Escalate(now, events);
        }

        _receiverRules.Tick(now, _receiverIntents);
        Raise(_receiverIntents, events);
        _receiverIntents.Clear();
    }
}
