using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Notifications;

namespace SafeCommunity.Iot.Notifications;

/// <summary>
/// Every log message of the notifications. A message names the notification, its subscription, channel and alarm,
/// never an address, a text, a position, a secret or a provider's credentials.
/// </summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "Notification {NotificationId} of alarm {AlarmId} delivered by {Channel} for subscription {SubscriptionId} (attempt {Attempts})")]
    public static partial void Delivered(ILogger logger, long notificationId, long alarmId, NotificationChannel channel, string subscriptionId, int attempts);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Notification {NotificationId} of alarm {AlarmId} by {Channel} failed (attempt {Attempts}: {Reason}); next attempt at {RetryAt:u}")]
    public static partial void Retrying(ILogger logger, long notificationId, long alarmId, NotificationChannel channel, int attempts, string reason, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Notification {NotificationId} of alarm {AlarmId} by {Channel} for subscription {SubscriptionId} is a dead letter after {Attempts} attempts: {Reason}")]
    public static partial void DeadLetter(ILogger logger, long notificationId, long alarmId, NotificationChannel channel, string subscriptionId, int attempts, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Notification {NotificationId} of alarm {AlarmId} delivered by {Channel} after {Attempts} attempts")]
    public static partial void Recovered(ILogger logger, long notificationId, long alarmId, NotificationChannel channel, int attempts);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "A pass of the notification delivery failed; the outbox keeps every notice and the next pass tries again")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "Notification delivery running: {Subscriptions} subscriptions; retry from {FirstRetryDelay} to {MaxRetryDelay}, dead letter after {GiveUpAfter}")]
    public static partial void Started(ILogger logger, int subscriptions, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay, TimeSpan giveUpAfter);
}
