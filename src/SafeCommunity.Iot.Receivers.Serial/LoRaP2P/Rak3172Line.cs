namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>What one line from a RAK3172 (RUI3 AT firmware) is.</summary>
public enum Rak3172LineKind
{
    /// <summary>Blank.</summary>
    Empty = 0,

    /// <summary><c>OK</c>: the pending command succeeded.</summary>
    Ok,

    /// <summary><c>AT_ERROR</c>, <c>AT_PARAM_ERROR</c>, <c>AT_BUSY_ERROR</c>, ...: the pending command failed; the code is in <see cref="Rak3172Line.Text"/>.</summary>
    Error,

    /// <summary><c>+EVT:RXP2P:&lt;rssi&gt;:&lt;snr&gt;:&lt;hex&gt;</c> (current firmware): a packet.</summary>
    Reception,

    /// <summary><c>+EVT:RXP2P, RSSI -110, SNR 5</c> (older firmware): a packet whose payload follows on the next line.</summary>
    LegacyReceptionHeader,

    /// <summary><c>+EVT:&lt;hex&gt;</c> (older firmware): the payload of the packet announced on the line before.</summary>
    LegacyPayload,

    /// <summary><c>+EVT:RXP2P RECEIVE ERROR</c>: a packet failed its radio CRC.</summary>
    ReceiveError,

    /// <summary><c>+EVT:RXP2P RECEIVE TIMEOUT</c>: the receive window ended; receiving must be re-armed.</summary>
    ReceiveTimeout,

    /// <summary><c>+EVT:TXP2P DONE</c>: a transmission finished.</summary>
    TransmitDone,

    /// <summary>Boot text (<c>RAKwireless RAK3172...</c>, <c>Current Work Mode: LoRa P2P.</c>): the module restarted.</summary>
    Restart,

    /// <summary>An echoed command or a query's value (<c>AT+NWM=0</c>).</summary>
    Echo,

    /// <summary>A line that looks like a receive event but cannot be used; the reason is in <see cref="Rak3172Line.Reason"/>.</summary>
    Malformed,

    /// <summary>Anything else (other events, free text).</summary>
    Other,
}

/// <summary>One parsed line from a RAK3172.</summary>
/// <param name="Kind">What the line is.</param>
/// <param name="Text">The line without surrounding white space (for errors: the error code).</param>
public readonly record struct Rak3172Line(Rak3172LineKind Kind, string Text)
{
    /// <summary>Received signal strength in dBm (receptions and legacy headers).</summary>
    public int RssiDbm { get; init; }

    /// <summary>Signal-to-noise ratio in dB (receptions and legacy headers); may be negative.</summary>
    public int SnrDb { get; init; }

    /// <summary>The packet's bytes (receptions and legacy payloads).</summary>
    public byte[]? Payload { get; init; }

    /// <summary>Why a <see cref="Rak3172LineKind.Malformed"/> line cannot be used.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the line answers a command (OK or an error code).</summary>
    public bool IsReply => Kind is Rak3172LineKind.Ok or Rak3172LineKind.Error;
}
