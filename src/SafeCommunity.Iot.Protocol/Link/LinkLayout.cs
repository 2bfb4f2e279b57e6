using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Protocol.Link;

/// <summary>Sizes of the serial link (PROTOCOL.md §2).</summary>
public static class LinkLayout
{
    /// <summary>The link version this codec speaks.</summary>
    public const int Version = 1;

    /// <summary>The longest record before COBS: type, payload and CRC.</summary>
    public const int MaxRecordLength = 128;

    /// <summary>The longest encoded run between two delimiters.</summary>
    public const int MaxEncodedLength = MaxRecordLength + 1;

    /// <summary>The delimiter that ends every encoded record.</summary>
    public const byte Delimiter = 0x00;

    /// <summary>Record type byte and CRC.</summary>
    public const int Overhead = 3;

    /// <summary>Fixed fields of a reception before the frame bytes.</summary>
    public const int ReceptionHeaderLength = 7;

    /// <summary>The receiver status payload.</summary>
    public const int StatusPayloadLength = 24;

    /// <summary>Shortest NMEA sentence relayed ("$GPxxx").</summary>
    public const int MinSentenceLength = 6;

    /// <summary>Longest NMEA 0183 sentence without its CR LF (82 with it).</summary>
    public const int MaxSentenceLength = 80;

    /// <summary>The longest wire form of a record: COBS and delimiter.</summary>
    public const int MaxWireLength = MaxEncodedLength + 1;

    internal const int MinReceptionPayload = ReceptionHeaderLength + 1;
    internal const int MaxReceptionPayload = ReceptionHeaderLength + RadioFrameLayout.MaxFrameLength;
}
