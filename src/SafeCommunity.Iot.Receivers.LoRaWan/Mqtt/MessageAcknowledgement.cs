namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// Acknowledges a QoS 1 message when the pipeline has completed every raw uplink made from it — after their effects
/// are stored. If any was not processed (the gateway was stopping) or could not be handed over, the message is left
/// unacknowledged and the broker delivers it again after the next connect; the pipeline's replay check makes that
/// harmless.
/// </summary>
internal sealed class MessageAcknowledgement : CountedCompletion
{
    private readonly MqttConnection _connection;
    private readonly PendingAcknowledgement _pending;

    public MessageAcknowledgement(MqttConnection connection, PendingAcknowledgement pending, int uplinks)
        : base(uplinks)
    {
        _connection = connection;
        _pending = pending;
    }

    /// <inheritdoc />
    protected override void Finished(bool allProcessed) => _connection.Completed(_pending, acknowledge: allProcessed);
}
