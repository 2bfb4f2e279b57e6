using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Broker;

/// <summary>
/// An alarm uplink the embedded broker handed to the pipeline ahead of the gateway's session queue (see
/// <see cref="AlarmShortcut"/>). Its copy still travels through the session; the receiver recognises that copy by
/// topic and payload and acknowledges it once the pipeline has finished the uplinks handed here.
/// </summary>
internal sealed class ShortcutHandoff : CountedCompletion
{
    private readonly TaskCompletionSource<bool> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits for <paramref name="uplinks"/> raw uplinks made from a message with <paramref name="payload"/>.</summary>
    public ShortcutHandoff(byte[] payload, int uplinks)
        : base(uplinks)
    {
        Payload = payload;
    }

    /// <summary>The message's payload, to recognise its copy from the session.</summary>
    public byte[] Payload { get; }

    /// <summary>True once every uplink was processed; false if one was not (the gateway was stopping) or never got there.</summary>
    public Task<bool> Processed => _finished.Task;

    /// <inheritdoc />
    protected override void Finished(bool allProcessed) => _finished.TrySetResult(allProcessed);
}
