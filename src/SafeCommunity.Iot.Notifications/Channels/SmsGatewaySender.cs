using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Hosting;

namespace SafeCommunity.Iot.Notifications.Channels;

/// <summary>
/// SMS through a gateway's HTTP API: one POST per message to <see cref="SmsGatewayOptions.Url"/>, its body written from
/// <see cref="SmsGatewayOptions.BodyTemplate"/> with the phone number, the text and the idempotency key escaped for the
/// content type, plus the configured headers (the provider's credentials). Its idempotency key names the
/// subscription too (<see cref="OutboxNotification.RecipientKey"/>): one provider sends to many people, and two
/// people told of one event must not look like one message retried.
/// </summary>
public sealed class SmsGatewaySender : INotificationSender
{
    private readonly IHttpClientFactory _clients;
    private readonly SmsGatewayOptions _options;

    /// <summary>Sends through the gateway of <paramref name="options"/>.</summary>
    public SmsGatewaySender(IHttpClientFactory clients, IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value.Sms;
    }

    /// <inheritdoc />
    public NotificationChannel Channel => NotificationChannel.Sms;

    /// <summary>The request body for one message.</summary>
    public static string Body(SmsGatewayOptions options, string to, string text, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        Func<string, string> escape = options.ContentType == SmsGatewayOptions.Form
            ? Uri.EscapeDataString
            : value => JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value);

        // One pass over the template, so a value that itself holds "{text}" is never replaced again.
        var template = options.BodyTemplate;
        var body = new StringBuilder(template.Length + text.Length * 2);
        var i = 0;
        while (i < template.Length)
        {
            var (placeholder, value) = template.AsSpan(i) switch
            {
                var s when s.StartsWith("{to}", StringComparison.Ordinal) => ("{to}", to),
                var s when s.StartsWith("{text}", StringComparison.Ordinal) => ("{text}", text),
                var s when s.StartsWith("{idempotencyKey}", StringComparison.Ordinal) => ("{idempotencyKey}", idempotencyKey),
                _ => (null, null),
            };
            if (placeholder is null)
            {
                body.Append(template[i]);
                i++;
            }
            else
            {
                body.Append(escape(value!));
                i += placeholder.Length;
            }
        }

        return body.ToString();
    }

    /// <inheritdoc />
    public async Task<DeliveryOutcome> SendAsync(
        StoredNotification notification, NotificationSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_options.Url is not { } url)
        {
            return DeliveryOutcome.Refused("no SMS gateway is configured (Notifications:Sms:Url)");
        }

        var outbox = notification.Notification;
        var body = Body(_options, outbox.Address, outbox.Text, outbox.RecipientKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(_options.ContentType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookSender.IdempotencyKeyHeader, outbox.RecipientKey);
        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await HttpDelivery.SendAsync(_clients, request, cancellationToken).ConfigureAwait(false);
    }
}
