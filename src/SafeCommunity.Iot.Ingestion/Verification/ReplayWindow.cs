namespace SafeCommunity.Iot.Ingestion.Verification;

/// <summary>How a frame counter compares with what a device has already had accepted.</summary>
internal enum CounterVerdict
{
    /// <summary>Newer than anything accepted: accept, and it becomes the latest.</summary>
    New,

    /// <summary>Older than the latest, inside the window and not seen: accept once, as a late frame.</summary>
    Late,

    /// <summary>Already accepted: a duplicate reception or a replay.</summary>
    Seen,

    /// <summary>Older than the window reaches: a replay or a rolled-back counter.</summary>
    TooOld,
}

/// <summary>
/// The anti-replay window of one device, in the manner of IPsec's: the latest accepted counter and a bitmap of
/// which of the <c>size</c> counters below it were accepted too. A value type kept in the device's state.
/// </summary>
internal struct ReplayWindow
{
    /// <summary>The largest window the bitmap holds.</summary>
    public const int MaxSize = 64;

    /// <summary>Whether any counter was ever accepted.</summary>
    public bool HasCounter;

    /// <summary>The highest accepted counter.</summary>
    public uint LastCounter;

    /// <summary>Bit i: counter <c>LastCounter − 1 − i</c> was accepted.</summary>
    public ulong Seen;

    /// <summary>Restores a stored window.</summary>
    public static ReplayWindow Restore(uint lastCounter, ulong seen) => new() { HasCounter = true, LastCounter = lastCounter, Seen = seen };

    /// <summary>Judges <paramref name="counter"/> without changing anything.</summary>
    public readonly CounterVerdict Judge(uint counter, int size)
    {
        if (!HasCounter || counter > LastCounter)
        {
            return CounterVerdict.New;
        }

        if (counter == LastCounter)
        {
            return CounterVerdict.Seen;
        }

        var index = LastCounter - 1 - counter;
        if (index >= (uint)size)
        {
            return CounterVerdict.TooOld;
        }

        return (Seen & (1UL << (int)index)) != 0 ? CounterVerdict.Seen : CounterVerdict.Late;
    }

    /// <summary>Records <paramref name="counter"/> as accepted; only for a <see cref="CounterVerdict.New"/> or <see cref="CounterVerdict.Late"/> verdict.</summary>
    public void Accept(uint counter)
    {
        if (!HasCounter)
        {
            HasCounter = true;
            LastCounter = counter;
            Seen = 0;
            return;
        }

        if (counter > LastCounter)
        {
            // The old latest moves to bit (shift − 1); older bits move up by shift. C# masks shift counts, so
            // shifts of 64 and more are spelled out.
            var shift = (ulong)counter - LastCounter;
            var moved = shift >= MaxSize ? 0UL : Seen << (int)shift;
            var previous = shift - 1 >= MaxSize ? 0UL : 1UL << (int)(shift - 1);
            Seen = moved | previous;
            LastCounter = counter;
            return;
        }

        Seen |= 1UL << (int)(LastCounter - 1 - counter);
    }
}
