using System.Runtime.Versioning;

namespace SafeCommunity.Iot.Receivers.Serial.Ports.Linux;

/// <summary>Opens serial devices as <see cref="LinuxSerialStream"/>s: read by waiting on the line, not by polling it.</summary>
[SupportedOSPlatform("linux")]
public sealed class LinuxSerialStreamFactory : ISerialStreamFactory
{
    /// <inheritdoc />
    public string? ResolveDevice(string path) => DevicePath.Resolve(path);

    /// <inheritdoc />
    public Stream Open(string path, int baudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = LinuxTerminal.Open(path, baudRate);
        try
        {
            return new LinuxSerialStream(fd, path);
        }
        catch
        {
            LinuxTerminal.Close(fd);
            throw;
        }
    }
}
