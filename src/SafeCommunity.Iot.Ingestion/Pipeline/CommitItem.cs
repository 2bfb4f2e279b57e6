using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// Work for the commit stage, which stores in one transaction and then tells: one of the records below, nothing else
/// (the constructor is private, so the commit stage's switch over them is complete).
/// </summary>
internal abstract record CommitItem
{
    private CommitItem(long order, bool isAlarm)
    {
        Order = order;
        IsAlarm = isAlarm;
    }

    /// <summary>
    /// The shard's running number for this item: a device's later state has a larger one. Alarm work overtakes routine
    /// work on its way to the store, so the store keeps a device's state only if no later one was stored already.
    /// </summary>
    public long Order { get; }

    /// <summary>Carries an alarm (an alarm event, an alarm raised or cleared, a person's command): the alarm lane.</summary>
    public bool IsAlarm { get; }

    /// <summary>An uplink accepted (or a duplicate reception merged into one): the device's new state, what to observe, and the alarms it raised.</summary>
    /// <param name="Order">The shard's running number.</param>
    /// <param name="IsAlarm">Whether it carries an alarm.</param>
    /// <param name="Uplink">The uplink to complete after the commit.</param>
    /// <param name="Outcome">What became of it: accepted or duplicate.</param>
    /// <param name="State">The device's state after it.</param>
    /// <param name="Trail">A new trail point, if it placed the device somewhere new.</param>
    /// <param name="Accepted">The uplink for the observers.</param>
    /// <param name="Intents">Conditions the rules found in it.</param>
    public sealed record StoredUplink(
        long Order,
        bool IsAlarm,
        RawUplink Uplink,
        UplinkOutcome Outcome,
        DeviceStateSnapshot State,
        TrailPoint? Trail,
        AcceptedUplink Accepted,
        IReadOnlyList<AlarmIntent>? Intents) : CommitItem(Order, IsAlarm);

    /// <summary>A rejected uplink (bad MIC, replay) that raised a security alarm: completed only once the alarm is stored.</summary>
    /// <param name="Order">The shard's running number.</param>
    /// <param name="Uplink">The uplink to complete after the commit.</param>
    /// <param name="Outcome">Why it was rejected.</param>
    /// <param name="Intents">The security alarm.</param>
    public sealed record SuspectUplink(long Order, RawUplink Uplink, UplinkOutcome Outcome, IReadOnlyList<AlarmIntent> Intents)
        : CommitItem(Order, isAlarm: true);

    /// <summary>
    /// A shard's tick: the conditions its clock found (a device silent, a wristband still off), often none. Sent even
    /// when empty, so the committer knows up to when every shard's time-based rules are stored.
    /// </summary>
    /// <param name="Order">The shard's running number.</param>
    /// <param name="Shard">The shard's index.</param>
    /// <param name="At">The tick's time.</param>
    /// <param name="Intents">The conditions.</param>
    /// <param name="Memories">The devices' rule memories the clock changed, stored with the conditions.</param>
    public sealed record TimedIntents(long Order, int Shard, DateTimeOffset At, IReadOnlyList<AlarmIntent> Intents, IReadOnlyList<RuleMemoryUpdate> Memories)
        : CommitItem(Order, isAlarm: Intents.Count > 0);

    /// <summary>
    /// An uplink the shard accepted whose counter another gateway sharing the store had already accepted, and not as a
    /// duplicate of a recent frame: refused as a replay by the store (<see cref="CounterClaims"/>), completed after the commit.
    /// </summary>
    /// <param name="Uplink">The uplink to complete.</param>
    /// <param name="Frame">Its frame.</param>
    /// <param name="StoredCounter">The device's newest counter in the store.</param>
    public sealed record RefusedUplink(RawUplink Uplink, RadioFrame Frame, uint StoredCounter) : CommitItem(0, isAlarm: false);

    /// <summary>A person's acknowledgement or resolution.</summary>
    /// <param name="Command">The command, answered after the commit.</param>
    public sealed record PersonsCommand(AlarmCommand Command) : CommitItem(0, isAlarm: true);

    /// <summary>
    /// Alarm events read back from a store shared with other gateways, in sequence order (<see cref="SharedAlarmFeed"/>):
    /// the other gateways' events go into the alarm book, and all of them to the stream's subscribers.
    /// </summary>
    /// <param name="Events">The events, consecutive in sequence.</param>
    public sealed record StoredEvents(IReadOnlyList<AlarmEvent> Events) : CommitItem(0, isAlarm: true);

    /// <summary>A tick of the alarm clock: escalations and receiver checks are due.</summary>
    /// <param name="At">The tick's time.</param>
    public sealed record ClockTick(DateTimeOffset At) : CommitItem(0, isAlarm: false);
}
