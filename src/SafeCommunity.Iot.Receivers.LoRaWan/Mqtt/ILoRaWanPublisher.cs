namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>Publishes on the gateway's MQTT connection (downlinks go out on the same connection uplinks come in on).</summary>
internal interface ILoRaWanPublisher
{
    /// <summary>Publishes with QoS 1 and waits for the broker's acknowledgement.</summary>
    /// <returns>Null when the broker accepted it; otherwise why it was not sent (not connected, refused, timed out).</returns>
    Task<string?> PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
