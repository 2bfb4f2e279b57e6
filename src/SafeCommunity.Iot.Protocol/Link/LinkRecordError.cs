namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>Why a link record was rejected (PROTOCOL.md §2.4), or <see cref="None"/>.</summary>
public enum LinkRecordError : byte
{
    /// <summary>The record is valid.</summary>
    None = 0,

    /// <summary>More than 129 encoded bytes without a delimiter.</summary>
    Oversize,

    /// <summary>The run is not valid COBS.</summary>
    BadCobs,

    /// <summary>Shorter than its type requires.</summary>
    Truncated,

    /// <summary>The CRC does not match.</summary>
    BadCrc,

    /// <summary>The link version nibble is not 1.</summary>
    UnsupportedVersion,

    /// <summary>The record type is not 1..3.</summary>
    UnknownRecordType,

    /// <summary>Longer than its type allows.</summary>
    TrailingBytes,

    /// <summary>Reserved status bits are set.</summary>
    ReservedBitsSet,

    /// <summary>A GNSS record that is not a printable ASCII sentence starting with '$'.</summary>
    InvalidSentence,
}
