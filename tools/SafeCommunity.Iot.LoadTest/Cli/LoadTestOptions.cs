namespace SafeCommunity.Iot.LoadTest.Cli;

/// <summary>Which MQTT broker carries the uplinks.</summary>
internal enum BrokerKind
{
    /// <summary>A Mosquitto broker the tool starts; the gateway's LoRaWAN receiver is its client.</summary>
    Mosquitto,

    /// <summary>The gateway's embedded MQTTnet broker (its default with no Receivers:LoRaWan:Host).</summary>
    Embedded,
}

/// <summary>What one load run does; every field has a default that runs in seconds.</summary>
internal sealed record LoadTestOptions
{
    /// <summary>Generated devices enrolled in the gateway.</summary>
    public int Devices { get; init; } = 1000;

    /// <summary>ChirpStack uplinks per second published to the broker.</summary>
    public double Rate { get; init; } = 1000;

    /// <summary>How long frames are sent.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of MQTT frames that are SOS alarm events from wristbands.</summary>
    public double AlarmShare { get; init; } = 0.001;

    /// <summary>Concurrent MQTT publisher connections.</summary>
    public int MqttConnections { get; init; } = 8;

    /// <summary>The broker between the tool and the gateway: a Mosquitto of the tool's own, or the gateway's embedded one.</summary>
    public BrokerKind Broker { get; init; } = BrokerKind.Mosquitto;

    /// <summary>Serial receivers, each on its own socat pseudo-terminal pair.</summary>
    public int SerialPorts { get; init; } = 2;

    /// <summary>Link records per second written to each serial port.</summary>
    public double SerialRate { get; init; } = 50;

    /// <summary>Locate calls per second through the gRPC API while sending, as police rooms' boards poll (0: none).</summary>
    public double LocateRate { get; init; }

    /// <summary>Length of one throughput interval in the report.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait after sending for the gateway to finish what it was given.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The Linux nice value the tool lowers itself to once the gateway and the broker run (0: unchanged).</summary>
    public int Nice { get; init; }

    /// <summary>Most frames built ahead of sending; beyond it, frames are built while the run goes on.</summary>
    public int PrebuildLimit { get; init; } = 2_000_000;

    /// <summary>The gateway's built dll (null: the Release build output of the repository).</summary>
    public string? GatewayDll { get; init; }

    /// <summary>The registry file whose communities and receivers are enrolled (null: the seed deployment).</summary>
    public string? SeedFile { get; init; }

    /// <summary>Where data directories, logs and the broker live (null: a new temporary folder).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep the work directory afterwards.</summary>
    public bool Keep { get; init; }

    /// <summary>Skip the start of an empty gateway that memory per device is measured against.</summary>
    public bool NoBaseline { get; init; }

    /// <summary>Where to write the report as JSON, if anywhere.</summary>
    public string? ReportFile { get; init; }

    /// <summary>More command-line settings for the gateway (<c>--Ingestion:Shards=2</c>).</summary>
    public IReadOnlyList<string> GatewayArguments { get; init; } = [];

    /// <summary>Attach to a running gateway: its Http endpoint (health, metrics).</summary>
    public Uri? GatewayUrl { get; init; }

    /// <summary>Attach: the gateway's gRPC endpoint.</summary>
    public Uri? GrpcUrl { get; init; }

    /// <summary>Attach: a file holding an administrator token.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Attach: the broker the gateway's LoRaWAN receiver reads (host:port).</summary>
    public string? Mqtt { get; init; }

    /// <summary>Attach: watch alarms as JSON messages on this MQTT topic filter of <see cref="Mqtt"/> instead of the gRPC stream (a consumer that is not the gateway, e.g. bench/node-red).</summary>
    public string? AlarmTopic { get; init; }

    /// <summary>Attach: the gateway's process id, for CPU and memory.</summary>
    public int? GatewayPid { get; init; }

    /// <summary>Attach: the Http endpoints of the other gateways on the same store and broker, whose counters are added.</summary>
    public IReadOnlyList<Uri> PeerUrls { get; init; } = [];

    /// <summary>Attach: the process ids of the other gateways, for CPU and memory.</summary>
    public IReadOnlyList<int> PeerPids { get; init; } = [];

    /// <summary>Write the import file of the generated devices here and stop (to enrol them in a gateway to attach to).</summary>
    public string? WriteImport { get; init; }

    /// <summary>Print the usage.</summary>
    public bool Help { get; init; }

    /// <summary>Whether the tool drives a gateway it did not start.</summary>
    public bool Attach => GatewayUrl is not null;
}
