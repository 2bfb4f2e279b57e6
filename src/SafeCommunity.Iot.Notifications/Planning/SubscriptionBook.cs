using SafeCommunity.Iot.Core.Notifications;

namespace SafeCommunity.Iot.Notifications.Planning;

/// <summary>
/// The subscriptions, in memory for the commit stage's planner and in the store for a restart. Every change goes
/// through here: it writes the store first, then swaps the in-memory list, so the planner (on the committer's thread)
/// reads a whole list without a lock and never one that is not stored.
/// </summary>
public sealed class SubscriptionBook
{
    private readonly INotificationStore _store;
    private readonly Lock _changes = new();
    private volatile NotificationSubscription[] _current;

    /// <summary>Loads the stored subscriptions.</summary>
    public SubscriptionBook(INotificationStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _current = [.. store.LoadSubscriptions()];
    }

    /// <summary>Every subscription as of the last change.</summary>
    public IReadOnlyList<NotificationSubscription> Current => _current;

    /// <summary>The subscription with <paramref name="id"/>, or null.</summary>
    public NotificationSubscription? Find(string id)
    {
        foreach (var subscription in Current)
        {
            if (string.Equals(subscription.Id, id, StringComparison.Ordinal))
            {
                return subscription;
            }
        }

        return null;
    }

    /// <summary>Stores and adds <paramref name="subscription"/> (its scope already checked by the caller).</summary>
    public void Add(NotificationSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_changes)
        {
            _store.AddSubscription(subscription);
            _current = [.. _current, subscription];
        }
    }

    /// <summary>Removes a subscription and stops its pending notices; false when there was none.</summary>
    public bool Remove(string id, DateTimeOffset at)
    {
        lock (_changes)
        {
            if (!_store.RemoveSubscription(id, at))
            {
                return false;
            }

            _current = [.. _current.Where(s => !string.Equals(s.Id, id, StringComparison.Ordinal))];
            return true;
        }
    }
}
