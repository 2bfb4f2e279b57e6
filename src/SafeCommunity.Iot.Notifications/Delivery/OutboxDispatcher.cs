using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.Notifications.Hosting;
using SafeCommunity.Iot.Notifications.Planning;

namespace SafeCommunity.Iot.Notifications.Delivery;

/// <summary>
/// One pass over the outbox: sends each due notice through its channel and records what came of it. A failure that
/// may pass is retried after an exponential backoff; a notice still failing <see cref="NotificationOptions.GiveUpAfter"/>
/// after it was first due, or refused for good, becomes a dead letter. The outcome is stored after each attempt, so a
/// restart resumes where it stopped; a crash between the receiver's answer and that write sends the notice again with
/// the same idempotency key, which a receiver that keeps its keys drops (docs/notifications.md).
/// </summary>
public sealed class OutboxDispatcher
{
    /// <summary>The meter's name (<c>safecomm.notifications.*</c>).</summary>
    public const string MeterName = "SafeCommunity.Iot.Notifications";

    private readonly INotificationStore _store;
    private readonly SubscriptionBook _book;
    private readonly Dictionary<NotificationChannel, INotificationSender> _senders;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;

    /// <summary>Creates the dispatcher.</summary>
    public OutboxDispatcher(
        INotificationStore store,
        SubscriptionBook book,
        IEnumerable<INotificationSender> senders,
        IOptions<NotificationOptions> options,
        TimeProvider time,
        IMeterFactory? meters = null,
        ILogger<OutboxDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _book = book;
        _senders = senders.ToDictionary(s => s.Channel);
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<OutboxDispatcher>.Instance;
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _delivered = meter.CreateCounter<long>("safecomm.notifications.delivered", description: "Notifications the receiver accepted");
        _failed = meter.CreateCounter<long>("safecomm.notifications.failed_attempts", description: "Attempts that failed and will be retried");
        _dead = meter.CreateCounter<long>("safecomm.notifications.dead_letters", description: "Notifications given up on");
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: the first delay, doubled per attempt, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var delay = _options.FirstRetryDelay * Math.Pow(2, doublings);
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>Sends every notice due now (up to the batch size); returns how many it tried.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var due = _store.TakeDue(_time.GetUtcNow(), _options.BatchSize);
        foreach (var notification in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DeliverAsync(notification, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    private async Task DeliverAsync(StoredNotification stored, CancellationToken cancellationToken)
    {
        var notification = stored.Notification;
        var attempts = stored.Attempts + 1;
        DeliveryOutcome outcome;
        if (_book.Find(notification.SubscriptionId) is not { } subscription)
        {
            // Removing a subscription stops its pending rows; one taken just before that is not sent either.
            outcome = DeliveryOutcome.Refused("the subscription was removed");
        }
        else if (!_senders.TryGetValue(notification.Channel, out var sender))
        {
            outcome = DeliveryOutcome.Refused($"no sender for {notification.Channel}");
        }
        else
        {
            using var timeout = new CancellationTokenSource(_options.SendTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                outcome = await sender.SendAsync(stored, subscription, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                outcome = DeliveryOutcome.Retry("no answer within the send timeout");
            }
        }

        var now = _time.GetUtcNow();
        switch (outcome.Result)
        {
            case DeliveryResult.Delivered:
                _store.MarkDelivered(stored.Id, attempts, now);
                _delivered.Add(1);
                if (attempts > 1)
                {
                    NotificationsLog.Recovered(_logger, stored.Id, notification.AlarmId, notification.Channel, attempts);
                }
                else
                {
                    NotificationsLog.Delivered(_logger, stored.Id, notification.AlarmId, notification.Channel, notification.SubscriptionId, attempts);
                }

                break;
            case DeliveryResult.Retry when now - stored.FirstDueAt < _options.GiveUpAfter:
                var retryAt = now + Backoff(attempts);
                _store.Reschedule(stored.Id, attempts, retryAt, outcome.Reason!);
                _failed.Add(1);
                NotificationsLog.Retrying(_logger, stored.Id, notification.AlarmId, notification.Channel, attempts, outcome.Reason!, retryAt);
                break;
            default:
                var reason = outcome.Result == DeliveryResult.Retry
                    ? $"not accepted within {_options.GiveUpAfter}; last: {outcome.Reason}"
                    : outcome.Reason!;
                _store.MarkDead(stored.Id, attempts, now, reason);
                _dead.Add(1);
                NotificationsLog.DeadLetter(_logger, stored.Id, notification.AlarmId, notification.Channel, notification.SubscriptionId, attempts, reason);
                break;
        }
    }
}
