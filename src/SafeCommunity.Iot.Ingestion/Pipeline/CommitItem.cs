using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// Work for the commit stage, which stores in one transaction and then tells: a verified uplink with what it
/// changed, alarm intents from rules, a person's change to an alarm, or a clock tick for time-based alarms.
/// </summary>
internal sealed record CommitItem
{
    /// <summary>
    /// The shard's running number for this item: a device's later state has a larger one. Alarm work overtakes routine
    /// work on its way to the store, so the store keeps a device's state only if no later one was stored already.
    /// </summary>
    public long Order { get; init; }

    /// <summary>Carries an alarm (an alarm event, an alarm raised or cleared, a person's command): the alarm lane.</summary>
    public bool IsAlarm { get; init; }

    /// <summary>The uplink to complete after the commit, if any.</summary>
    public RawUplink? Uplink { get; init; }

    /// <summary>What became of <see cref="Uplink"/>.</summary>
    public UplinkOutcome Outcome { get; init; }

    /// <summary>The device's state after the uplink.</summary>
    public DeviceStateSnapshot? State { get; init; }

    /// <summary>A new trail point.</summary>
    public TrailPoint? Trail { get; init; }

    /// <summary>The uplink for observers.</summary>
    public AcceptedUplink? Accepted { get; init; }

    /// <summary>Conditions the rules found.</summary>
    public IReadOnlyList<AlarmIntent>? Intents { get; init; }

    /// <summary>A person's acknowledgement or resolution.</summary>
    public AlarmCommand? Command { get; init; }

    /// <summary>A tick of the alarm clock: escalations and receiver checks are due.</summary>
    public DateTimeOffset? TickAt { get; init; }
}
