using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Notifications.Hosting;
using SafeCommunity.Iot.Notifications.Texts;

namespace SafeCommunity.Iot.Notifications.Planning;

/// <summary>
/// Turns a batch's alarm events into the outbox rows stored with them: a raised alarm tells its watchers (held back
/// to the end of their quiet hours unless it is critical); the engine's escalation of an unacknowledged critical
/// alarm tells the duty officers at once and schedules the bureau <see cref="NotificationOptions.BureauAfter"/> later;
/// an acknowledgement or resolution stops the escalation steps still pending. It reuses the engine's escalation
/// event rather than a second timer, so the escalation is numbered, stored and replayed like every other event.
/// </summary>
public sealed class NotificationPlanner : IAlarmEventPlanner
{
    private readonly SubscriptionBook _book;
    private readonly DeviceRegistry _registry;
    private readonly TimeSpan _bureauAfter;

    /// <summary>Plans from the subscriptions of <paramref name="book"/>.</summary>
    public NotificationPlanner(SubscriptionBook book, DeviceRegistry registry, IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        _book = book;
        _registry = registry;
        _bureauAfter = options.Value.BureauAfter;
    }

    /// <inheritdoc />
    public void Plan(StateAndAlarmBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Notifications.Clear();
        batch.EscalationsStopped.Clear();
        if (batch.AlarmEvents.Count == 0)
        {
            return;
        }

        var subscriptions = _book.Current;
        foreach (var alarmEvent in batch.AlarmEvents)
        {
            switch (alarmEvent.Type)
            {
                case AlarmEventType.Raised:
                    AddFor(batch, subscriptions, alarmEvent, NotificationLevel.Watcher, alarmEvent.At);
                    break;
                case AlarmEventType.Escalated:
                    AddFor(batch, subscriptions, alarmEvent, NotificationLevel.DutyOfficer, alarmEvent.At);
                    AddFor(batch, subscriptions, alarmEvent, NotificationLevel.Bureau, alarmEvent.At + _bureauAfter);
                    break;
                case AlarmEventType.Acknowledged or AlarmEventType.Resolved:
                    batch.EscalationsStopped.Add(alarmEvent.Alarm.Id);
                    break;
                default:
                    // Updates (the same condition again, a stolen bike's next sighting) are in the alarm stream and on
                    // the board; telling a phone of every one would drown the first.
                    break;
            }
        }
    }

    private void AddFor(
        StateAndAlarmBatch batch,
        IReadOnlyList<NotificationSubscription> subscriptions,
        AlarmEvent alarmEvent,
        NotificationLevel level,
        DateTimeOffset dueAt)
    {
        var alarm = alarmEvent.Alarm;
        foreach (var subscription in subscriptions)
        {
            if (subscription.Level != level || !SubscriptionScope.Covers(subscription, alarm, _registry))
            {
                continue;
            }

            var due = alarm.Severity < AlarmSeverity.Critical && subscription.QuietHours is { } quiet ? quiet.Release(dueAt) : dueAt;
            var (subject, text) = NotificationTexts.Write(alarmEvent, level, subscription.Language, _registry);
            var payload = NotificationTexts.Payload(alarmEvent, level, subscription.Language, text, _registry);
            batch.Notifications.Add(new OutboxNotification(
                subscription.Id, alarm.Id, alarmEvent.Sequence, level, subscription.Channel, subscription.Address,
                subject, text, payload, due));
        }
    }
}
