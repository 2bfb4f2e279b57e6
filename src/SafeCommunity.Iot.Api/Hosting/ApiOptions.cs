namespace SafeCommunity.Iot.Api.Hosting;

/// <summary>The gRPC API (configuration section <c>Api</c>; docs/configuration.md#api).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Api";

    /// <summary>How long an alarm stream may be idle before it gets a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many alarm events a subscriber may fall behind before it is cut off with its resume point.</summary>
    public int SubscriberBufferCapacity { get; set; } = 4096;

    /// <summary>How long a cut-off subscriber's pending write may wait for its client before the stream is aborted.</summary>
    public TimeSpan SlowSubscriberGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 keep-alive ping interval on idle connections (Kestrel sends none unless set).</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a keep-alive ping may go unanswered before the connection is closed.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest request or response message, in bytes (a registry import is one message).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Where the first administrator token is written when none is in force (relative paths are under
    /// <c>Storage:DataDirectory</c>).
    /// </summary>
    public string AdminTokenFile { get; set; } = "admin-token";

    /// <summary>
    /// How long the audit lines of reads (locate, alarm reads, watches) are collected before they are stored in one
    /// transaction; a read waits at most this much longer for its answer. Zero stores each batch as soon as the
    /// previous one is written.
    /// </summary>
    public TimeSpan ReadAuditWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Wrong tokens one address may present per minute before it is refused for the rest of the minute.</summary>
    public int MaxAuthenticationFailuresPerMinute { get; set; } = 30;

    /// <summary>
    /// Allows plain-text (unencrypted) endpoints on addresses other than loopback. Off: tokens and positions must
    /// not cross a network in clear text; configure an https endpoint with a certificate instead.
    /// </summary>
    public bool AllowPlaintextOnNetwork { get; set; }
}
