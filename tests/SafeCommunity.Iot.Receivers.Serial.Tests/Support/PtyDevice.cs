using System.IO.Ports;
using System.Text;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>The device's end of a pseudo-terminal pair, opened as a serial port.</summary>
internal sealed class PtyDevice : IDisposable
{
    private readonly SerialPort _port;

    private PtyDevice(SerialPort port)
    {
        _port = port;
        Stream = port.BaseStream;
    }

    public Stream Stream { get; }

    public static PtyDevice Open(string path)
    {
        var port = new SerialPort(path, 115200, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        port.Open();
        return new PtyDevice(port);
    }

    /// <summary>Writes to the pseudo-terminal; the write completes once the driver has the bytes (no tcdrain).</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes) => await Stream.WriteAsync(bytes);

    public Task WriteLineAsync(string line) => WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

    public void Dispose()
    {
        try
        {
            _port.Dispose();
        }
        catch (IOException)
        {
        }
    }
}
