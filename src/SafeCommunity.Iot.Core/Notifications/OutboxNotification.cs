namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>
/// A notification the commit stage stores in the same transaction as the alarm event that causes it. Its texts are
/// written when it is planned, so every retry sends the same bytes (the same signature, the same idempotency key).
/// </summary>
/// <param name="SubscriptionId">Whom it is for.</param>
/// <param name="AlarmId">The alarm.</param>
/// <param name="Sequence">The alarm event's sequence number.</param>
/// <param name="Level">Why it is sent (raised, escalated, escalated further).</param>
/// <param name="Channel">How.</param>
/// <param name="Address">Where to.</param>
/// <param name="Subject">A one-line subject (e-mail).</param>
/// <param name="Text">The message, at most <see cref="MaxTextLength"/> characters (one SMS).</param>
/// <param name="Payload">The webhook's JSON body.</param>
/// <param name="DueAt">When it may first be sent (later than the event in quiet hours or for the bureau's step).</param>
public sealed record OutboxNotification(
    string SubscriptionId,
    long AlarmId,
    long Sequence,
    NotificationLevel Level,
    NotificationChannel Channel,
    string Address,
    string Subject,
    string Text,
    string Payload,
    DateTimeOffset DueAt)
{
    /// <summary>One SMS in UCS-2, which any Chinese character forces: 70 UTF-16 code units.</summary>
    public const int MaxTextLength = 70;

    /// <summary>
    /// What a receiver deduplicates on: the alarm id and the event's sequence (<c>alarm-7-event-42</c>). The same for
    /// every retry and every restart; two subscribers of one event get the same key at different addresses.
    /// </summary>
    public string IdempotencyKey => IdempotencyKeyOf(AlarmId, Sequence);

    /// <summary>
    /// The key for a gateway shared by many subscribers (the SMS provider, the mail server): the idempotency key and
    /// the subscription (<c>alarm-7-event-42.sub-1f…</c>), so that two people told of one event are two messages there.
    /// </summary>
    public string RecipientKey => IdempotencyKey + "." + SubscriptionId;

    /// <summary>The idempotency key of an alarm's event.</summary>
    public static string IdempotencyKeyOf(long alarmId, long sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"alarm-{alarmId}-event-{sequence}");
}

/// <summary>A stored notification of the outbox, as the delivery service and the dead-letter list read it.</summary>
/// <param name="Id">Its row id.</param>
/// <param name="Notification">What it is.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="FirstDueAt">When it was first due; the give-up time counts from here.</param>
/// <param name="LastError">Why the last attempt failed, or null.</param>
/// <param name="FinishedAt">When it was delivered, given up on or stopped.</param>
public sealed record StoredNotification(
    long Id,
    OutboxNotification Notification,
    OutboxState State,
    int Attempts,
    DateTimeOffset FirstDueAt,
    string? LastError,
    DateTimeOffset? FinishedAt);
