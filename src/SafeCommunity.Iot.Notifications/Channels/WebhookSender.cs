using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using SafeCommunity.Iot.Core.Notifications;

namespace SafeCommunity.Iot.Notifications.Channels;

/// <summary>
/// Webhooks: an HTTP POST of the notification's JSON body to the subscriber's URL, signed with its secret
/// (<c>X-SafeCommunity-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>) and carrying the
/// <c>Idempotency-Key</c> (the alarm id and event sequence), the same on every retry so a receiver that keeps the keys
/// it saw accepts the notice once.
/// </summary>
public sealed class WebhookSender : INotificationSender
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-SafeCommunity-Signature";

    /// <summary>The idempotency key header.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The name of the <see cref="HttpClient"/> it uses.</summary>
    public const string HttpClientName = "notifications";

    private readonly IHttpClientFactory _clients;

    /// <summary>Sends through clients from <paramref name="clients"/>.</summary>
    public WebhookSender(IHttpClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients;
    }

    /// <inheritdoc />
    public NotificationChannel Channel => NotificationChannel.Webhook;

    /// <summary>The signature header's value for <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <inheritdoc />
    public async Task<DeliveryOutcome> SendAsync(
        StoredNotification notification, NotificationSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.Secret is not { Length: > 0 } secret)
        {
            return DeliveryOutcome.Refused("the subscription has no signing secret");
        }

        var body = Encoding.UTF8.GetBytes(notification.Notification.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Notification.Address);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyKeyHeader, notification.Notification.IdempotencyKey);
        request.Headers.Add(SignatureHeader, Sign(body, secret));
        return await HttpDelivery.SendAsync(_clients, request, cancellationToken).ConfigureAwait(false);
    }
}
