using SafeCommunity.Iot.Core.Notifications;

namespace SafeCommunity.Iot.Notifications.Channels;

/// <summary>One channel's protocol: sends one stored notification, once, and says what came of it.</summary>
public interface INotificationSender
{
    /// <summary>The channel it speaks.</summary>
    NotificationChannel Channel { get; }

    /// <summary>
    /// Sends <paramref name="notification"/> for <paramref name="subscription"/>. Failures of the network or the
    /// receiver are outcomes, not exceptions; only <paramref name="cancellationToken"/> throws.
    /// </summary>
    Task<DeliveryOutcome> SendAsync(StoredNotification notification, NotificationSubscription subscription, CancellationToken cancellationToken);
}
