using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Alarms.Lifecycle;

/// <summary>
/// The alarms that still need someone, and where alarm events are made. Used by a single thread (the pipeline's
/// commit stage). It numbers events in the order it makes them; the store gives them their final numbers in the
/// transaction that stores them, which differ only when other gateways store events in the same store. Their
/// events come back through <see cref="Observe"/>, so an alarm raised elsewhere is updated, acknowledged and
/// resolved here as one alarm.
/// </summary>
public sealed class AlarmBook
{
    private readonly Dictionary<(uint? Device, string? Receiver, string Key), Alarm> _active = [];
    private readonly Dictionary<long, Alarm> _activeById = [];
    private readonly TimeSpan _escalateAfter;
    private readonly AlarmIds _ids;
    private long _nextSequence;

    /// <summary>Starts from what the store holds: the active alarms and the last sequence number used.</summary>
    public AlarmBook(IEnumerable<Alarm> active, long lastSequence, AlarmIds ids, TimeSpan escalateAfter)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var alarm in active)
        {
            Track(alarm);
        }

        _nextSequence = lastSequence + 1;
        _ids = ids;
        _escalateAfter = escalateAfter;
    }

    /// <summary>The last sequence number handed out or observed.</summary>
    public long LastSequence => _nextSequence - 1;

    /// <summary>How many alarms are open or acknowledged.</summary>
    public int ActiveCount => _activeById.Count;

    /// <summary>An active alarm by id.</summary>
    public Alarm? FindActive(long id) => _activeById.GetValueOrDefault(id);

    /// <summary>A new alarm, or an update of the active one with the same subject and condition.</summary>
    public AlarmEvent Raise(AlarmIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (_active.TryGetValue(KeyOf(intent.DeviceId, intent.ReceiverId, intent.ConditionKey), out var current))
        {
            var updated = current with
            {
                Count = current.Count + 1,
                LastSeen = intent.At > current.LastSeen ? intent.At : current.LastSeen,
                Location = intent.Location ?? current.Location,
                ReceiverIds = intent.ReceiverIds.Count > 0 ? intent.ReceiverIds : current.ReceiverIds,
                SeenCommunityId = intent.SeenCommunityId ?? current.SeenCommunityId,
                Detail = intent.Detail ?? current.Detail,
                Severity = intent.Severity > current.Severity ? intent.Severity : current.Severity,
            };
            Track(updated);
            return Next(AlarmEventType.Updated, intent.At, updated, actor: null);
        }

        var alarm = new Alarm
        {
            Id = _ids.Next(),
            Kind = intent.Kind,
            Severity = intent.Severity,
            ConditionKey = intent.ConditionKey,
            DeviceId = intent.DeviceId,
            ReceiverId = intent.ReceiverId,
            Subject = intent.Subject,
            HomeCommunityId = intent.HomeCommunityId,
            SeenCommunityId = intent.SeenCommunityId,
            Location = intent.Location,
            ReceiverIds = intent.ReceiverIds,
            FirstSeen = intent.At,
            LastSeen = intent.At,
            Detail = intent.Detail,
        };
        Track(alarm);
        return Next(AlarmEventType.Raised, intent.At, alarm, actor: null);
    }

    /// <summary>Marks an open alarm as taken by <paramref name="actor"/>.</summary>
    public AlarmChange Acknowledge(long alarmId, string actor, DateTimeOffset at)
    {
        if (!_activeById.TryGetValue(alarmId, out var alarm))
        {
            return AlarmChange.Failed(AlarmChangeError.NotActive);
        }

        if (alarm.State == AlarmState.Acknowledged)
        {
            return AlarmChange.Failed(AlarmChangeError.AlreadyAcknowledged);
        }

        var acknowledged = alarm with { State = AlarmState.Acknowledged, AcknowledgedBy = actor, AcknowledgedAt = at };
        Track(acknowledged);
        return AlarmChange.Done(Next(AlarmEventType.Acknowledged, at, acknowledged, actor));
    }

    /// <summary>Closes an active alarm with a note; the same condition later opens a new alarm.</summary>
    public AlarmChange Resolve(long alarmId, string actor, string note, DateTimeOffset at)
    {
        if (!_activeById.TryGetValue(alarmId, out var alarm))
        {
            return AlarmChange.Failed(AlarmChangeError.NotActive);
        }

        var resolved = alarm with { State = AlarmState.Resolved, ResolvedBy = actor, ResolvedAt = at, ResolutionNote = note };
        _activeById.Remove(alarmId);
        _active.Remove(KeyOf(alarm.DeviceId, alarm.ReceiverId, alarm.ConditionKey));
        return AlarmChange.Done(Next(AlarmEventType.Resolved, at, resolved, actor));
    }

    /// <summary>Escalates critical alarms that nobody acknowledged within the escalation time; adds the events to <paramref name="events"/>.</summary>
    public void Escalate(DateTimeOffset now, List<AlarmEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        List<Alarm>? due = null;
        foreach (var alarm in _activeById.Values)
        {
            if (alarm is { Severity: AlarmSeverity.Critical, State: AlarmState.Open, EscalatedAt: null } && now - alarm.FirstSeen >= _escalateAfter)
            {
                (due ??= []).Add(alarm);
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var alarm in due.OrderBy(a => a.Id))
        {
            var escalated = alarm with { EscalatedAt = now };
            Track(escalated);
            events.Add(Next(AlarmEventType.Escalated, now, escalated, actor: null));
        }
    }

    /// <summary>
    /// Takes in an event another gateway stored in the shared store: its alarm is tracked as the event left it (or
    /// dropped once resolved), and this book's numbering continues after it.
    /// </summary>
    public void Observe(AlarmEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var alarm = stored.Alarm;
        if (alarm.State == AlarmState.Resolved)
        {
            if (_activeById.Remove(alarm.Id))
            {
                _active.Remove(KeyOf(alarm.DeviceId, alarm.ReceiverId, alarm.ConditionKey));
            }
        }
        else
        {
            Track(alarm);
        }

        _nextSequence = Math.Max(_nextSequence, stored.Sequence + 1);
    }

    private static (uint?, string?, string) KeyOf(uint? device, string? receiver, string key) => (device, receiver, key);

    private void Track(Alarm alarm)
    {
        _active[KeyOf(alarm.DeviceId, alarm.ReceiverId, alarm.ConditionKey)] = alarm;
        _activeById[alarm.Id] = alarm;
    }

    private AlarmEvent Next(AlarmEventType type, DateTimeOffset at, Alarm alarm, string? actor) => new(_nextSequence++, type, at, alarm, actor);
}
