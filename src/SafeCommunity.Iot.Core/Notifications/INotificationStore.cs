namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>
/// Subscriptions and the notification outbox in the gateway database. The outbox's rows are written by the commit
/// stage (<see cref="State.IStateAndAlarmWriter"/>, with the alarm events); this reads and updates them. Any thread.
/// </summary>
public interface INotificationStore
{
    /// <summary>Every subscription.</summary>
    IReadOnlyList<NotificationSubscription> LoadSubscriptions();

    /// <summary>Stores a new subscription.</summary>
    void AddSubscription(NotificationSubscription subscription);

    /// <summary>Removes a subscription; false when there was none with that id. Its pending rows are stopped.</summary>
    bool RemoveSubscription(string id, DateTimeOffset at);

    /// <summary>Pending notifications due at <paramref name="now"/>, earliest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StoredNotification> TakeDue(DateTimeOffset now, int limit);

    /// <summary>When the next pending notification is due, or null when none is pending.</summary>
    DateTimeOffset? NextDueAt();

    /// <summary>Marks a notification delivered.</summary>
    void MarkDelivered(long id, int attempts, DateTimeOffset at);

    /// <summary>Records a failed attempt and when to try again.</summary>
    void Reschedule(long id, int attempts, DateTimeOffset retryAt, string reason);

    /// <summary>Gives up on a notification: it goes to the dead-letter list.</summary>
    void MarkDead(long id, int attempts, DateTimeOffset at, string reason);

    /// <summary>The dead letters, newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StoredNotification> LoadDeadLetters(int limit);

    /// <summary>Every notification of an alarm, in the order they were stored (for tests and the board).</summary>
    IReadOnlyList<StoredNotification> LoadForAlarm(long alarmId);
}
