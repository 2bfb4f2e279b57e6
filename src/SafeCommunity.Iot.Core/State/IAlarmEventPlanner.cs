namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// Adds to a batch what its alarm events cause (the notifications), inside the transaction that stores them and
/// after the store has given the events their numbers, so whatever it writes carries the stored sequence numbers.
/// </summary>
public interface IAlarmEventPlanner
{
    /// <summary>
    /// Fills <see cref="StateAndAlarmBatch.Notifications"/> and <see cref="StateAndAlarmBatch.EscalationsStopped"/>
    /// from the batch's alarm events, replacing what an earlier (failed) attempt to store it planned.
    /// </summary>
    void Plan(StateAndAlarmBatch batch);
}
