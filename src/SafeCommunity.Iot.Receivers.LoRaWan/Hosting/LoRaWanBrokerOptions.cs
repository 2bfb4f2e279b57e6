namespace SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

/// <summary>
/// The embedded MQTT broker (configuration section <c>Receivers:LoRaWan:Broker</c>), so a network server or an
/// MQTT bridge can publish straight into the gateway with no other server. It keeps sessions in memory only (a
/// gateway restart loses what was queued for offline clients) and does not support shared subscriptions: a
/// deployment with several gateways uses Mosquitto or EMQX instead.
/// </summary>
public sealed class LoRaWanBrokerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = LoRaWanOptions.SectionName + ":Broker";

    /// <summary>Whether to run it. Left out: on exactly when <see cref="LoRaWanOptions.Host"/> is not set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The TCP port it listens on.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>The address it listens on (one address, IPv4 or IPv6). Anything but loopback needs <see cref="Username"/>.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>When set, clients must log in with this user name and <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The password that goes with <see cref="Username"/>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Messages queued per client session before the oldest are dropped (MQTTnet's default is 1000): the hard bound,
    /// for clients other than the gateway. The gateway's own session never gets there: publishers are held at
    /// <see cref="MaxGatewayBacklog"/>.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    /// <summary>
    /// QoS 1 messages queued for the gateway and not yet acknowledged by it (it acknowledges once they are stored) at
    /// which publishers are held back: they get their PUBACK later and slow down, and nothing is dropped. Twice the
    /// gateway's Receive Maximum keeps the pipeline fed while the broker's own bookkeeping stays small.
    /// </summary>
    public int MaxGatewayBacklog { get; set; } = 8192;
}
