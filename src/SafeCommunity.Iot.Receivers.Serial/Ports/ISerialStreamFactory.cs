namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// Opens serial devices as streams. The host uses <see cref="Linux.LinuxSerialStreamFactory"/> or
/// <see cref="SerialPortStreamFactory"/> (<c>Receivers:Serial:Reader</c>); tests hand the receivers any
/// <see cref="Stream"/> (a pipe, a memory stream) through their own factory.
/// </summary>
public interface ISerialStreamFactory
{
    /// <summary>
    /// What <paramref name="path"/> leads to right now (the device file behind a <c>/dev/serial/by-id/...</c> or
    /// pseudo-terminal link), or null when there is no device there (unplugged). Never throws.
    /// </summary>
    string? ResolveDevice(string path);

    /// <summary>
    /// Opens the device at <paramref name="path"/> (8N1, no handshake). The stream owns the port: disposing it
    /// closes the port and ends any pending read.
    /// </summary>
    /// <exception cref="IOException">The device could not be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The gateway may not open the device.</exception>
    Stream Open(string path, int baudRate);
}
