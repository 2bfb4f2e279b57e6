namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>How a person is told; each is a real protocol (docs/notifications.md).</summary>
public enum NotificationChannel
{
    /// <summary>An HTTP POST of a signed JSON body to the subscriber's URL (<c>webhook</c>).</summary>
    Webhook = 1,

    /// <summary>A text message through the configured SMS gateway's HTTP API (<c>sms</c>).</summary>
    Sms = 2,

    /// <summary>An e-mail through the configured SMTP server (<c>email</c>).</summary>
    Email = 3,
}
