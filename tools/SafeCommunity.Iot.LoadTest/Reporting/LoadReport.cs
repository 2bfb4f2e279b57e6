using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Reporting;

/// <summary>Everything one run measured; printed as text and written as JSON for BENCHMARKS.md.</summary>
internal sealed record LoadReport
{
    /// <summary>What was asked for and on what machine.</summary>
    public required RunSetup Setup { get; init; }

    /// <summary>Start-up times, when the tool started the gateway.</summary>
    public StartUpTimes? StartUp { get; init; }

    /// <summary>Gateway memory.</summary>
    public required MemoryFigures Memory { get; init; }

    /// <summary>Frames sent, accepted and lost.</summary>
    public required ThroughputFigures Throughput { get; init; }

    /// <summary>The run in intervals.</summary>
    public required IReadOnlyList<IntervalFigures> Intervals { get; init; }

    /// <summary>Gateway CPU over the sending window.</summary>
    public required CpuFigures Cpu { get; init; }

    /// <summary>Alarm frames and their alarms.</summary>
    public required AlarmResult Alarms { get; init; }

    /// <summary>Things to know when reading the numbers.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>What was asked for and on what machine.</summary>
internal sealed record RunSetup(
    DateTimeOffset StartedAt,
    string Mode,
    int Devices,
    int LoRaWanDevices,
    int SerialDevices,
    double MqttRate,
    double DurationSeconds,
    double AlarmShare,
    int MqttConnections,
    int SerialPorts,
    double SerialRatePerPort,
    string Gateway,
    int Cores,
    double LoadAverageBefore,
    double LoadAverageAfter,
    string AlarmSource = "Alarms.Watch");

/// <summary>Process start → /healthz says the pipeline runs, in seconds.</summary>
/// <param name="EmptyGatewaySeconds">A gateway with no device enrolled (the memory baseline).</param>
/// <param name="ImportStartSeconds">First start on a fresh data directory, importing the N devices.</param>
/// <param name="RestartSeconds">Second start on the same data directory, the devices already enrolled (the start-up figure).</param>
/// <param name="ReceiversConnectedSeconds">After the restart, until the serial receivers were connected and the LoRaWAN receiver subscribed.</param>
internal sealed record StartUpTimes(double? EmptyGatewaySeconds, double ImportStartSeconds, double RestartSeconds, double ReceiversConnectedSeconds);

/// <summary>Gateway memory, bytes.</summary>
/// <param name="BaselineRssBytes">Resident memory of the same gateway with no device enrolled, after start-up.</param>
/// <param name="StartRssBytes">After the restart with N devices enrolled.</param>
/// <param name="EndRssBytes">After the run (every device has sent).</param>
/// <param name="MaxRssBytes">The largest sample during the run.</param>
/// <param name="PerDeviceAtStartBytes">(start − baseline) / N.</param>
/// <param name="PerDeviceAfterRunBytes">(end − baseline) / N: includes the state of devices that have been heard, and whatever the run left in queues and the heap.</param>
/// <param name="GcHeapStartBytes">Managed heap after the last collection, at start.</param>
/// <param name="GcHeapEndBytes">Managed heap after the last collection, at the end.</param>
/// <param name="Method">How per device was measured.</param>
internal sealed record MemoryFigures(
    long? BaselineRssBytes,
    long? StartRssBytes,
    long? EndRssBytes,
    long? MaxRssBytes,
    double? PerDeviceAtStartBytes,
    double? PerDeviceAfterRunBytes,
    double? GcHeapStartBytes,
    double? GcHeapEndBytes,
    string Method);

/// <summary>Frames sent, accepted and lost.</summary>
internal sealed record ThroughputFigures
{
    /// <summary>MQTT uplinks the plan held.</summary>
    public long MqttPlanned { get; init; }

    /// <summary>MQTT uplinks handed to the publishers.</summary>
    public long MqttHanded { get; init; }

    /// <summary>MQTT uplinks the broker acknowledged (PUBACK).</summary>
    public long MqttPublished { get; init; }

    /// <summary>MQTT uplinks refused, dropped at a full publisher queue, or never acknowledged.</summary>
    public long MqttPublishFailures { get; init; }

    /// <summary>MQTT uplinks the broker took with no subscriber (lost: the gateway was not subscribed).</summary>
    public long MqttNoSubscribers { get; init; }

    /// <summary>Seconds the tool's pace waited for room in its publishers' queues (the broker held them back).</summary>
    public double MqttHeldBackSeconds { get; init; }

    /// <summary>Publishes the gateway's embedded broker held back during the run (0 through another broker).</summary>
    public double BrokerHeld { get; init; }

    /// <summary>The time those publishes waited at the embedded broker, in total.</summary>
    public double BrokerHeldSeconds { get; init; }

    /// <summary>Messages the embedded broker dropped from a full session queue during the run.</summary>
    public double BrokerDropped { get; init; }

    /// <summary>Serial reception records written.</summary>
    public long SerialSent { get; init; }

    /// <summary>Serial records dropped by the tool (port queue full, write failed).</summary>
    public long SerialDropped { get; init; }

    /// <summary>Frames the gateway's receivers handed to the pipeline, by transport.</summary>
    public required IReadOnlyDictionary<string, double> GatewayReceived { get; init; }

    /// <summary>Frames accepted by the gateway during the run.</summary>
    public double Accepted { get; init; }

    /// <summary>Frames the gateway processed with another outcome, by outcome.</summary>
    public required IReadOnlyDictionary<string, double> Rejected { get; init; }

    /// <summary>Frames sent (published + serial) that were not accepted: dropped somewhere.</summary>
    public double NotAccepted { get; init; }

    /// <summary>Seconds frames were sent.</summary>
    public double SendSeconds { get; init; }

    /// <summary>Seconds after sending until the gateway had accepted everything (or gave up).</summary>
    public double DrainSeconds { get; init; }

    /// <summary>Frames sent (acknowledged by the broker, written to a port) per second over the sending window and the publishers' catching up.</summary>
    public double SentPerSecond { get; init; }

    /// <summary>Frames accepted per second from the start until everything was accepted (sending + drain).</summary>
    public double AcceptedPerSecondOverall { get; init; }

    /// <summary>The lowest accepted frames/s of the full intervals while sending; null when the run had none.</summary>
    public double? AcceptedPerSecondWorstInterval { get; init; }

    /// <summary>Largest queue depths seen (ingress, shards, commit, telemetry).</summary>
    public required IReadOnlyDictionary<string, double> MaxQueues { get; init; }

    /// <summary>Telemetry points appended to the spool during the run.</summary>
    public double TelemetrySpooled { get; init; }

    /// <summary>Telemetry points dropped during the run.</summary>
    public double TelemetryDropped { get; init; }
}

/// <summary>One interval of the run.</summary>
internal sealed record IntervalFigures(
    double FromSeconds, double ToSeconds, double SentPerSecond, double AcceptedPerSecond, double? CpuPercentOfCore, long? RssBytes,
    double MaxPipelineQueued, double MaxTelemetryQueue);

/// <summary>Gateway CPU while frames were sent.</summary>
/// <param name="PercentOfCore">CPU time / wall time × 100 (200 = two cores busy).</param>
/// <param name="PercentOfMachine">The same over all cores.</param>
/// <param name="MaxIntervalPercentOfCore">The busiest interval.</param>
internal sealed record CpuFigures(double? PercentOfCore, double? PercentOfMachine, double? MaxIntervalPercentOfCore)
{
    /// <summary>The load tool's own CPU over the same window: on one machine it competes with the gateway.</summary>
    public double? LoadToolPercentOfCore { get; init; }

    /// <summary>The external broker's CPU over the same window, when the tool started it.</summary>
    public double? BrokerPercentOfCore { get; init; }

    /// <summary>Time the gateway was paused for garbage collection from the start of sending to the end of the run.</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Full (generation 2) collections of the gateway in that time.</summary>
    public double Gen2Collections { get; init; }
}
