using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>The gateway a run drives, started by the tool or attached to.</summary>
/// <param name="HttpUrl">Health and metrics.</param>
/// <param name="GrpcUrl">The gRPC API (null when alarms are watched on MQTT).</param>
/// <param name="Token">An administrator token (null when alarms are watched on MQTT).</param>
/// <param name="MqttHost">The broker its LoRaWAN receiver reads.</param>
/// <param name="MqttPort">The broker's port.</param>
/// <param name="ProcessId">Its process, for CPU and memory; null when unknown.</param>
/// <param name="SerialPaths">The tool's ends of the serial lines, one per serial receiver.</param>
/// <param name="BrokerProcessId">The external broker the tool started, for its CPU; null for the embedded broker or one the tool did not start.</param>
/// <param name="AlarmTopic">Watch alarms as messages on this MQTT topic filter of the broker instead of the gRPC stream (a consumer that is not the gateway).</param>
internal sealed record TargetGateway(
    Uri HttpUrl, Uri? GrpcUrl, string? Token, string MqttHost, int MqttPort, int? ProcessId, IReadOnlyList<string> SerialPaths, int? BrokerProcessId = null, string? AlarmTopic = null)
{
    /// <summary>The other gateways of the same store and broker, whose counters count with this one's (docs/scale-out.md).</summary>
    public IReadOnlyList<Uri> PeerHttpUrls { get; init; } = [];

    /// <summary>Their processes, for CPU and memory.</summary>
    public IReadOnlyList<int> PeerProcessIds { get; init; } = [];

    /// <summary>Where the run sees its alarms.</summary>
    public IAlarmSource AlarmSource() => AlarmTopic is { } topic
        ? new MqttAlarmWatch(MqttHost, MqttPort, topic)
        : new GatewayApi(GrpcUrl ?? throw new InvalidOperationException("no gRPC endpoint to watch alarms on"), Token ?? throw new InvalidOperationException("no token to watch alarms with"));
}
