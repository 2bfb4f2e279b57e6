namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>Serial link record types of link version 1 (low nibble of the record type byte).</summary>
public enum LinkRecordType : byte
{
    /// <summary>A radio frame the receiver heard, with RSSI, SNR and the receiver's clock.</summary>
    RadioReception = 1,

    /// <summary>The receiver's identity, firmware, uptime and counters.</summary>
    ReceiverStatus = 2,

    /// <summary>An NMEA 0183 sentence from the receiver's own GNSS module.</summary>
    GnssSentence = 3,
}
