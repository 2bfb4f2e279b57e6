namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>What talks over one open port: a base station's record reader, a RAK3172 driver.</summary>
internal interface ISerialConnectionHandler
{
    /// <summary>
    /// Uses the open <paramref name="connection"/> until it ends. Returning means the device closed the stream (a
    /// zero-length read); an exception means the link failed; either way the session closes the port and reopens it
    /// with backoff. <paramref name="cancellationToken"/> is cancelled when the gateway stops or the session's
    /// watchdog closes the port.
    /// </summary>
    Task RunAsync(SerialConnection connection, CancellationToken cancellationToken);
}
