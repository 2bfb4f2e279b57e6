using System.IO.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// Opens real serial ports with <see cref="SerialPort"/> by path. Pseudo-terminals and <c>/dev/serial/by-id</c>
/// links work too: <see cref="SerialPort.GetPortNames"/> is never consulted (it lists neither).
/// </summary>
public sealed class SerialPortStreamFactory : ISerialStreamFactory
{
    /// <inheritdoc />
    public string? ResolveDevice(string path) => DevicePath.Resolve(path);

    /// <inheritdoc />
    public Stream Open(string path, int baudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var port = new SerialPort(path, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 2000,
        };
        try
        {
            port.Open();
            return new OwnedSerialPortStream(port);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The port's <see cref="SerialPort.BaseStream"/>, owning the port: disposing it disposes the port, which is
    /// how a read that hangs after an unplug (dotnet/runtime #2077) is ended.
    /// </summary>
    private sealed class OwnedSerialPortStream : SerialLineStream
    {
        private readonly SerialPort _port;
        private readonly Stream _inner;
        private int _disposed;

        public OwnedSerialPortStream(SerialPort port)
        {
            _port = port;
            _inner = port.BaseStream;
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _inner.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                try
                {
                    _port.Dispose();
                }
                catch (IOException)
                {
                    // Closing a port whose device is gone may fail; the handle is released either way.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            base.Dispose(disposing);
        }
    }
}
