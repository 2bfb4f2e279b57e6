namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>What a network server message turned out to be.</summary>
public enum LoRaWanParseStatus
{
    /// <summary>An uplink event with a frame: <see cref="LoRaWanParseResult.Uplink"/> is set.</summary>
    Uplink = 0,

    /// <summary>
    /// A network server topic that is not an uplink (join, ack, txack, status, log, location, a downlink command, ...).
    /// Counted and acknowledged; nothing to hand to the pipeline.
    /// </summary>
    IgnoredEvent,

    /// <summary>The topic is not one of the network server topics the receiver understands.</summary>
    UnknownTopic,

    /// <summary>The message is larger than any uplink event (<see cref="LoRaWanMessageParser.MaxMessageBytes"/>).</summary>
    Oversize,

    /// <summary>The payload is not a JSON object (binary protobuf, truncated or garbled JSON, an array, ...).</summary>
    NotJson,

    /// <summary>A JSON object without the frame (<c>data</c> / <c>uplink_message.frm_payload</c> missing, null or empty).</summary>
    MissingData,

    /// <summary>The frame field is not valid base64.</summary>
    BadBase64,
}
