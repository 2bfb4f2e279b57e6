using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;

namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// Changes the pipeline stores together, in one transaction: device states, trail points and the alarm events
/// they caused, so an alarm is never lost between a stored counter and a stored alarm.
/// </summary>
public sealed class StateAndAlarmBatch
{
    /// <summary>The latest state of every device that changed (one entry per device).</summary>
    public List<DeviceStateSnapshot> States { get; } = [];

    /// <summary>New trail points, oldest first.</summary>
    public List<TrailPoint> Trail { get; } = [];

    /// <summary>
    /// Rule memories changed by time alone (a crossing confirmed, a silence reported), each stored only while the
    /// device was not heard after <see cref="RuleMemoryUpdate.HeardAt"/>: a later frame's state carries a newer memory.
    /// </summary>
    public List<RuleMemoryUpdate> RuleMemories { get; } = [];

    /// <summary>
    /// Alarm events in sequence order; each carries its alarm as it is after the event. The commit stage numbers them
    /// in its own order; the store gives them their stored numbers (<see cref="NumberAlarmEvents"/>).
    /// </summary>
    public List<AlarmEvent> AlarmEvents { get; } = [];

    /// <summary>
    /// The notifications the alarm events cause (the outbox's new rows), planned from <see cref="AlarmEvents"/> in the
    /// storing transaction, so a notification is stored exactly when its event is.
    /// </summary>
    public List<OutboxNotification> Notifications { get; } = [];

    /// <summary>Alarms acknowledged or resolved in this batch, whose pending escalation notifications stop.</summary>
    public List<long> EscalationsStopped { get; } = [];

    /// <summary>
    /// Frames whose counters the store must accept once across gateways sharing it (<see cref="FrameClaim"/>), in the
    /// order of their devices. With claims, <see cref="States"/> never write a device's counters: the claims do.
    /// </summary>
    public List<FrameClaim> Claims { get; } = [];

    /// <summary>The store's answer to each of <see cref="Claims"/>, in their order: null when it won, else what the store holds instead.</summary>
    public List<StoredFrame?> ClaimAnswers { get; } = [];

    /// <summary>How many counters below the newest a claim may still take (the replay window's size, 0 to 64).</summary>
    public int ClaimWindow { get; set; } = 16;

    /// <summary>Fills the rest of the batch once the claims are answered; required when there are claims.</summary>
    public IFrameClaimJudge? ClaimJudge { get; set; }

    /// <summary>Receptions of one frame that reached several gateways, merged (filled by the <see cref="ClaimJudge"/>).</summary>
    public List<FrameMerge> Merges { get; } = [];

    /// <summary>Whether there is nothing to store.</summary>
    public bool IsEmpty =>
        Claims.Count == 0 && States.Count == 0 && RuleMemories.Count == 0 && Trail.Count == 0 && AlarmEvents.Count == 0 && Notifications.Count == 0 && EscalationsStopped.Count == 0;

    /// <summary>
    /// Gives the alarm events the sequence numbers from <paramref name="first"/> on, in list order. Only the store
    /// knows the next free number when several gateways share it, so it numbers the events in the transaction that
    /// stores them, before their notifications are planned (<see cref="IAlarmEventPlanner"/>); alone on a store the
    /// numbers do not change.
    /// </summary>
    public void NumberAlarmEvents(long first)
    {
        for (var i = 0; i < AlarmEvents.Count; i++)
        {
            if (AlarmEvents[i].Sequence != first + i)
            {
                AlarmEvents[i] = AlarmEvents[i] with { Sequence = first + i };
            }
        }
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Claims.Clear();
        ClaimAnswers.Clear();
        Merges.Clear();
        States.Clear();
        RuleMemories.Clear();
        Trail.Clear();
        AlarmEvents.Clear();
        Notifications.Clear();
        EscalationsStopped.Clear();
    }
}
