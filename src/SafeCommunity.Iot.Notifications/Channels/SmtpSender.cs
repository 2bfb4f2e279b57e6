using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Hosting;

namespace SafeCommunity.Iot.Notifications.Channels;

/// <summary>
/// E-mail over SMTP (MailKit): one message per notification, connected, sent and closed per attempt (notices are
/// rare, and a long-held connection would only fail later). Its <c>Message-Id</c> comes from the idempotency key and
/// the subscription, the same on every retry, so a mail system that drops duplicates shows it once.
/// </summary>
public sealed class SmtpSender : INotificationSender
{
    private readonly SmtpOptions _options;
    private readonly TimeSpan _timeout;

    /// <summary>Sends through the server of <paramref name="options"/>.</summary>
    public SmtpSender(IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Email;
        _timeout = options.Value.SendTimeout;
    }

    /// <inheritdoc />
    public NotificationChannel Channel => NotificationChannel.Email;

    /// <inheritdoc />
    public async Task<DeliveryOutcome> SendAsync(
        StoredNotification notification, NotificationSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_options.Host is not { } host || _options.From is not { } from)
        {
            return DeliveryOutcome.Refused("no SMTP server is configured (Notifications:Email:Host)");
        }

        var outbox = notification.Notification;
        if (!MailboxAddress.TryParse(outbox.Address, out var to))
        {
            return DeliveryOutcome.Refused("the address is not an e-mail address");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(to);
        message.Subject = outbox.Subject;
        message.MessageId = outbox.RecipientKey + "@safecommunity";
        message.Headers.Add(WebhookSender.IdempotencyKeyHeader, outbox.RecipientKey);
        message.Body = new TextPart("plain") { Text = outbox.Text };

        using var client = new SmtpClient { Timeout = (int)_timeout.TotalMilliseconds };
        try
        {
            var security = NotificationOptionsValidator.ParseSecurity(_options.Security) ?? SecureSocketOptions.StartTls;
            await client.ConnectAsync(host, _options.Port, security, cancellationToken).ConfigureAwait(false);
            if (_options.UserName is { } user && _options.Password is { } password)
            {
                await client.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return DeliveryOutcome.Delivered;
        }
        catch (SmtpCommandException exception)
        {
            // 5xx is the server's final no (unknown mailbox, refused sender); 4xx asks to come back later.
            var reason = string.Create(CultureInfo.InvariantCulture, $"SMTP {(int)exception.StatusCode} {exception.ErrorCode}");
            return (int)exception.StatusCode >= 500 ? DeliveryOutcome.Refused(reason) : DeliveryOutcome.Retry(reason);
        }
        catch (Exception exception) when (exception is SmtpProtocolException or SocketException or IOException
            or ServiceNotConnectedException or AuthenticationException or SslHandshakeException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DeliveryOutcome.Retry($"SMTP failed: {exception.GetType().Name}");
        }
    }
}
