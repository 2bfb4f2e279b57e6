using MQTTnet;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>A QoS 1 message waiting for its turn to be acknowledged, and what was decided for it.</summary>
/// <remarks>Read and written under the connection's order lock only.</remarks>
internal sealed class PendingAcknowledgement(MqttApplicationMessageReceivedEventArgs message)
{
    public MqttApplicationMessageReceivedEventArgs Message { get; } = message;

    /// <summary>Whether the pipeline is done with the message.</summary>
    public bool IsDecided { get; private set; }

    /// <summary>Whether to acknowledge it (otherwise the broker delivers it again after the next connect).</summary>
    public bool Acknowledge { get; private set; }

    public void Decide(bool acknowledge)
    {
        IsDecided = true;
        Acknowledge = acknowledge;
    }
}
