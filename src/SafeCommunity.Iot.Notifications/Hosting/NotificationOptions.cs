namespace SafeCommunity.Iot.Notifications.Hosting;

/// <summary>
/// The <c>Notifications</c> section: delivery (retry, backoff, give-up time), escalation to the bureau, and the SMS
/// gateway and SMTP server every subscription of those channels goes through. Checked at start.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Notifications";

    /// <summary>How often the outbox is looked at when nothing woke the delivery service (a new notice does).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after it was first due a notice that keeps failing goes to the dead-letter list.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most notices one pass of the delivery service sends.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long one attempt may take (connect, send, answer).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long after the engine escalated a critical alarm to the duty officer (<c>Alarms:EscalateAfter</c>) the
    /// bureau is told, unless someone acknowledged or resolved it meanwhile.
    /// </summary>
    public TimeSpan BureauAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether families, owners and posts may point a webhook at a loopback, private or link-local address (an IP
    /// literal or <c>localhost</c>). Off: otherwise any token could make the gateway post into the bureau's own
    /// network. Administrators may always.
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }

    /// <summary>The SMS gateway's HTTP API; without its URL, SMS subscriptions are refused.</summary>
    public SmsGatewayOptions Sms { get; set; } = new();

    /// <summary>The SMTP server; without its host, e-mail subscriptions are refused.</summary>
    public SmtpOptions Email { get; set; } = new();
}

/// <summary>
/// An SMS gateway's HTTP API, as Chinese SMS providers and generic gateways take it: one request per message, the body
/// written from <see cref="BodyTemplate"/>.
/// </summary>
public sealed class SmsGatewayOptions
{
    /// <summary>The JSON content type.</summary>
    public const string Json = "application/json";

    /// <summary>The HTML form content type.</summary>
    public const string Form = "application/x-www-form-urlencoded";

    /// <summary>The endpoint (http or https), or null for no SMS.</summary>
    public string? Url { get; set; }

    /// <summary><see cref="Json"/> or <see cref="Form"/>: how the placeholders' values are escaped.</summary>
    public string ContentType { get; set; } = Json;

    /// <summary>
    /// The request body with the placeholders <c>{to}</c> (the phone number), <c>{text}</c> (the message) and
    /// <c>{idempotencyKey}</c>, each replaced by its value escaped for <see cref="ContentType"/>.
    /// </summary>
    public string BodyTemplate { get; set; } = """{"to":"{to}","text":"{text}","id":"{idempotencyKey}"}""";

    /// <summary>Extra request headers (for example the provider's <c>Authorization</c>); never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The SMTP server e-mails go through (MailKit).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name, or null for no e-mail.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port (587 submission with STARTTLS, 465 TLS, 25 plain).</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c>, <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c> or <c>None</c>.</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>The user to authenticate as, or null for none.</summary>
    public string? UserName { get; set; }

    /// <summary>Its password; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address (<c>alarms@police.example.cn</c>).</summary>
    public string? From { get; set; }
}
