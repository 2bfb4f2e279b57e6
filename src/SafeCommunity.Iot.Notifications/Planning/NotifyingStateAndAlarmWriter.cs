using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Notifications.Delivery;

namespace SafeCommunity.Iot.Notifications.Planning;

/// <summary>
/// The commit stage's writer with notifications: plans a batch's notifications from its alarm events, lets the store
/// write them in the batch's one transaction, and wakes the delivery service once they are stored. Wraps the store's
/// own writer, so the pipeline does not know notifications exist.
/// </summary>
public sealed class NotifyingStateAndAlarmWriter : IStateAndAlarmWriter
{
    private readonly IStateAndAlarmWriter _store;
    private readonly NotificationPlanner _planner;
    private readonly DeliverySignal _signal;

    /// <summary>Wraps <paramref name="store"/>.</summary>
    public NotifyingStateAndAlarmWriter(IStateAndAlarmWriter store, NotificationPlanner planner, DeliverySignal signal)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(signal);
        _store = store;
        _planner = planner;
        _signal = signal;
    }

    /// <inheritdoc />
    public void Commit(StateAndAlarmBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _planner.Plan(batch);
        _store.Commit(batch);
        if (batch.Notifications.Count > 0)
        {
            _signal.Wake();
        }
    }
}
