namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// Where the pipeline's commit stage stores what it decided: device states, trail points and the alarm events they
/// raised, in one durable transaction per batch. Only the commit stage writes through it, from one thread; reads go
/// through <see cref="IDeviceStateStore"/> and <see cref="Alarms.IAlarmStore"/>.
/// </summary>
public interface IStateAndAlarmWriter
{
    /// <summary>
    /// Stores <paramref name="batch"/> in one transaction; when it returns, all of it survives a crash and its alarm
    /// events carry the sequence numbers they were stored with (the next free ones of the store, gap-free also across
    /// gateways sharing it), and when it throws, none of it was stored and no number was taken.
    /// </summary>
    void Commit(StateAndAlarmBatch batch);
}
