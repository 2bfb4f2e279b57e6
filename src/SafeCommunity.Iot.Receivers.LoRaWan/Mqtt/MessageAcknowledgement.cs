using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// Counts down the raw uplinks made from one QoS 1 message (one per gateway that heard it) and acknowledges the
/// message when the pipeline has completed every one of them — after their effects are stored. If any was not
/// processed (the gateway was stopping) or could not be handed over, the message is left unacknowledged and the
/// broker delivers it again after the next connect; the pipeline's replay check makes that harmless.
/// </summary>
internal sealed class MessageAcknowledgement : IUplinkCompletion
{
    private readonly MqttConnection _connection;
    private readonly PendingAcknowledgement _pending;
    private int _remaining;
    private int _withhold;

    public MessageAcknowledgement(MqttConnection connection, PendingAcknowledgement pending, int uplinks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uplinks, 1);
        _connection = connection;
        _pending = pending;
        _remaining = uplinks;
    }

    /// <summary>Uplinks not yet completed.</summary>
    public int Remaining => Math.Max(0, Volatile.Read(ref _remaining));

    /// <inheritdoc />
    public void Complete(UplinkOutcome outcome)
    {
        if (outcome == UplinkOutcome.NotProcessed)
        {
            Volatile.Write(ref _withhold, 1);
        }

        Release(1);
    }

    /// <summary><paramref name="uplinks"/> of the message's uplinks were never handed to the pipeline: do not acknowledge it.</summary>
    public void Abandon(int uplinks)
    {
        Volatile.Write(ref _withhold, 1);
        if (uplinks > 0)
        {
            Release(uplinks);
        }
    }

    private void Release(int count)
    {
        // Interlocked.Add is a full fence: whoever reaches 0 sees every earlier _withhold write.
        if (Interlocked.Add(ref _remaining, -count) == 0)
        {
            _connection.Completed(_pending, acknowledge: Volatile.Read(ref _withhold) == 0);
        }
    }
}
