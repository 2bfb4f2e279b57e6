namespace SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

/// <summary>
/// The LoRaWAN receiver (configuration section <c>Receivers:LoRaWan</c>): the MQTT connection to a network server's
/// integration (or to the embedded broker), the topics it reads, and how downlinks are addressed.
/// </summary>
public sealed class LoRaWanOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Receivers:LoRaWan";

    /// <summary>The client id used when none is configured.</summary>
    public const string DefaultClientId = "safecomm-gateway";

    /// <summary>ChirpStack v4 (and v3.11+) uplink events of every application.</summary>
    public const string ChirpStackUplinkFilter = "application/+/device/+/event/up";

    /// <summary>The Things Stack v3 uplinks of every application (the user name limits it to one application in practice).</summary>
    public const string TheThingsStackUplinkFilter = "v3/+/devices/+/up";

    /// <summary>The topic filters subscribed when none are configured.</summary>
    public static IReadOnlyList<string> DefaultTopicFilters { get; } = [ChirpStackUplinkFilter, TheThingsStackUplinkFilter];

    /// <summary>Whether the LoRaWAN receiver (and its embedded broker, when that is on) runs at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The broker's host name or address; left out, the gateway connects to its embedded broker.</summary>
    public string? Host { get; set; }

    /// <summary>The broker's port; left out: 8883 with TLS, 1883 without (the embedded broker's port when <see cref="Host"/> is not set).</summary>
    public int? Port { get; set; }

    /// <summary>Connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>A PEM file with the CA certificate(s) that signed the broker's certificate, when it is not in the system store.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Accept any broker certificate. Only for a test bench: it allows a man in the middle. Off unless set explicitly.</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>MQTT user name (The Things Stack: <c>{application id}@{tenant id}</c>).</summary>
    public string? Username { get; set; }

    /// <summary>MQTT password (The Things Stack: an API key). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The MQTT client id; the broker keeps the gateway's session (subscriptions and queued QoS 1 messages) under it.</summary>
    public string ClientId { get; set; } = DefaultClientId;

    /// <summary>How long the broker keeps the session while the gateway is away (MQTT 5 session expiry).</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>MQTT keep-alive interval.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting may take before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before reconnecting; it doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// QoS 1 messages the broker may have in flight to the gateway, unacknowledged (MQTT 5 Receive Maximum). A message
    /// is acknowledged only once the pipeline has stored its effects, so this bounds what the broker sends ahead.
    /// </summary>
    public int ReceiveMaximum { get; set; } = 4096;

    /// <summary>On stop, how long to wait for uplinks in the pipeline to complete so their messages can still be acknowledged.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Topic filters subscribed with QoS 1. Left out: <see cref="DefaultTopicFilters"/>. Examples:
    /// <c>application/17c82e96-be03-4f38-aef3-f83d48582d97/device/+/event/up</c>, <c>v3/app1@ttn/devices/+/up</c>,
    /// <c>$share/gateways/application/+/device/+/event/up</c> (shared, external brokers only).
    /// </summary>
    public IList<string>? TopicFilters { get; set; }

    /// <summary>The network server downlinks are published for.</summary>
    public NetworkServerKind NetworkServer { get; set; } = NetworkServerKind.ChirpStack;

    /// <summary>The network server's application id for downlink topics (ChirpStack: the application UUID; The Things Stack: the application id).</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The Things Stack tenant id for downlink topics (<c>ttn</c> on The Things Network); left out on open-source deployments.</summary>
    public string? TenantId { get; set; }

    /// <summary>The LoRaWAN FPort downlink commands are sent on (1..223).</summary>
    public int DownlinkFPort { get; set; } = 10;

    /// <summary>Downlink commands waiting for their acknowledgement at once; more are refused.</summary>
    public int MaxPendingDownlinks { get; set; } = 1024;

    /// <summary>The embedded broker.</summary>
    public LoRaWanBrokerOptions Broker { get; set; } = new();

    /// <summary>The topic filters in force.</summary>
    public IReadOnlyList<string> EffectiveTopicFilters =>
        TopicFilters is { Count: > 0 } filters ? [.. filters] : DefaultTopicFilters;

    /// <summary>Whether the embedded broker runs: as configured, else when no external <see cref="Host"/> is set.</summary>
    public bool EmbeddedBrokerEnabled => Enabled && (Broker.Enabled ?? string.IsNullOrWhiteSpace(Host));

    /// <summary>Whether the gateway's client connects to its own embedded broker.</summary>
    public bool UsesEmbeddedBroker => string.IsNullOrWhiteSpace(Host);
}
