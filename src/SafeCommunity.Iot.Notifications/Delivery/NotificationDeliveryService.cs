using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Hosting;
using SafeCommunity.Iot.Notifications.Planning;

namespace SafeCommunity.Iot.Notifications.Delivery;

/// <summary>
/// Delivers the outbox: a pass when the commit stage stored new notices, when the next retry is due, and at least
/// every <see cref="NotificationOptions.PollInterval"/>. Everything it needs is in the database, so after a crash or a
/// restart the first pass sends what was stored and not yet delivered.
/// </summary>
public sealed class NotificationDeliveryService : PhasedBackgroundService
{
    private readonly OutboxDispatcher _dispatcher;
    private readonly INotificationStore _store;
    private readonly SubscriptionBook _book;
    private readonly DeliverySignal _signal;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the service; a stage, so it stops before the store.</summary>
    public NotificationDeliveryService(
        OutboxDispatcher dispatcher,
        INotificationStore store,
        SubscriptionBook book,
        DeliverySignal signal,
        IOptions<NotificationOptions> options,
        TimeProvider time,
        ILogger<NotificationDeliveryService> logger)
        : base(HostPhase.Stage)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dispatcher = dispatcher;
        _store = store;
        _book = book;
        _signal = signal;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NotificationsLog.Started(_logger, _book.Current.Count, _options.FirstRetryDelay, _options.MaxRetryDelay, _options.GiveUpAfter);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                var tried = await _dispatcher.DeliverDueAsync(stoppingToken).ConfigureAwait(false);

                // A full pass may have left more due notices behind it: go again at once.
                if (tried >= _options.BatchSize)
                {
                    continue;
                }

                if (_store.NextDueAt() is { } next)
                {
                    var untilNext = next - _time.GetUtcNow();
                    wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < wait ? untilNext : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store went away for a moment (a locked or restarting database): nothing is lost, try later.
                NotificationsLog.PassFailed(_logger, exception);
            }

            try
            {
                await _signal.WaitAsync(wait, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
