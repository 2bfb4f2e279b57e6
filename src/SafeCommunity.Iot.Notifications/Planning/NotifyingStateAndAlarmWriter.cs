using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Notifications.Delivery;

namespace SafeCommunity.Iot.Notifications.Planning;

/// <summary>
/// The commit stage's writer with notifications: the store plans a batch's notifications in its transaction
/// (<see cref="NotificationPlanner"/> as its <see cref="IAlarmEventPlanner"/>), and this wakes the delivery service
/// once they are stored. Wraps the store's own writer, so the pipeline does not know notifications exist.
/// </summary>
public sealed class NotifyingStateAndAlarmWriter : IStateAndAlarmWriter
{
    private readonly IStateAndAlarmWriter _store;
    private readonly DeliverySignal _signal;

    /// <summary>Wraps <paramref name="store"/>, which must plan with the delivery service's planner.</summary>
    public NotifyingStateAndAlarmWriter(IStateAndAlarmWriter store, DeliverySignal signal)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signal);
        _store = store;
        _signal = signal;
    }

    /// <inheritdoc />
    public void Commit(StateAndAlarmBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _store.Commit(batch);
        if (batch.Notifications.Count > 0)
        {
            _signal.Wake();
        }
    }
}
