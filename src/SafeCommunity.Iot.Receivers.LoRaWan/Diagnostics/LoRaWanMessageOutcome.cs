namespace SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;

/// <summary>What the receiver did with one MQTT message.</summary>
public enum LoRaWanMessageOutcome
{
    /// <summary>An uplink, handed to the pipeline (one raw uplink per reception).</summary>
    Uplink = 0,

    /// <summary>Another event of a network server (join, ack, status, ...): acknowledged, nothing to do.</summary>
    IgnoredEvent,

    /// <summary>A topic the receiver does not understand.</summary>
    UnknownTopic,

    /// <summary>Larger than any uplink event.</summary>
    Oversize,

    /// <summary>Not a JSON object.</summary>
    NotJson,

    /// <summary>No frame in it.</summary>
    MissingData,

    /// <summary>The frame is not base64.</summary>
    BadBase64,

    /// <summary>The registry knows the DevEUI (or device id) as another device than the frame says: a misconfigured device.</summary>
    DeviceMismatch,
}
