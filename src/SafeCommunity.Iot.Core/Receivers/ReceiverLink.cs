namespace SafeCommunity.Iot.Core.Receivers;

/// <summary>The state of the gateway's connection to a receiver (a serial port, a broker).</summary>
public enum ReceiverLink
{
    /// <summary>Not yet tried.</summary>
    Unknown = 0,

    /// <summary>Opening or configuring.</summary>
    Connecting,

    /// <summary>Open and delivering.</summary>
    Connected,

    /// <summary>Lost; the gateway retries with backoff.</summary>
    Disconnected,
}
