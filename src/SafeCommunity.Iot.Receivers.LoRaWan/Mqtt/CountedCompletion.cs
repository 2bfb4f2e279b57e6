using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// Counts down the raw uplinks made from one message (one per gateway that heard it) and says, once the pipeline
/// has completed every one, whether all of them were processed.
/// </summary>
internal abstract class CountedCompletion : IUplinkCompletion
{
    private int _remaining;
    private int _withhold;
    private int _abandoned;

    /// <summary>Waits for <paramref name="uplinks"/> raw uplinks.</summary>
    protected CountedCompletion(int uplinks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uplinks, 1);
        _remaining = uplinks;
    }

    /// <summary>Uplinks not yet completed.</summary>
    public int Remaining => Math.Max(0, Volatile.Read(ref _remaining));

    /// <summary>Whether some uplinks were never handed to the pipeline.</summary>
    public bool WasAbandoned => Volatile.Read(ref _abandoned) != 0;

    /// <inheritdoc />
    public void Complete(UplinkOutcome outcome)
    {
        if (outcome == UplinkOutcome.NotProcessed)
        {
            Volatile.Write(ref _withhold, 1);
        }

        Release(1);
    }

    /// <summary><paramref name="uplinks"/> of the message's uplinks were never handed to the pipeline.</summary>
    public void Abandon(int uplinks)
    {
        Volatile.Write(ref _abandoned, 1);
        Volatile.Write(ref _withhold, 1);
        if (uplinks > 0)
        {
            Release(uplinks);
        }
    }

    /// <summary>Every uplink is completed; <paramref name="allProcessed"/> unless one was not processed or handed over.</summary>
    protected abstract void Finished(bool allProcessed);

    private void Release(int count)
    {
        // Interlocked.Add is a full fence: whoever reaches 0 sees every earlier _withhold write.
        if (Interlocked.Add(ref _remaining, -count) == 0)
        {
            Finished(Volatile.Read(ref _withhold) == 0);
        }
    }
}
