namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>A radio frame as a receiver heard it. <see cref="Frame"/> points into the decoder's buffer.</summary>
public readonly ref struct RadioReception
{
    /// <summary>Creates a reception.</summary>
    public RadioReception(uint rxTimeMs, short rssiDbm, sbyte snrQuarterDb, ReadOnlySpan<byte> frame)
    {
        RxTimeMs = rxTimeMs;
        RssiDbm = rssiDbm;
        SnrQuarterDb = snrQuarterDb;
        Frame = frame;
    }

    /// <summary>The receiver's monotonic millisecond clock when the frame ended.</summary>
    public uint RxTimeMs { get; }

    /// <summary>Received signal strength in dBm.</summary>
    public short RssiDbm { get; }

    /// <summary>Signal-to-noise ratio in units of 0.25 dB.</summary>
    public sbyte SnrQuarterDb { get; }

    /// <summary>Signal-to-noise ratio in dB.</summary>
    public double SnrDb => SnrQuarterDb / 4.0;

    /// <summary>The radio frame bytes exactly as received (not yet checked).</summary>
    public ReadOnlySpan<byte> Frame { get; }
}
