using System.IO.Pipelines;
using System.Runtime.Versioning;

namespace SafeCommunity.Iot.Receivers.Serial.Ports.Linux;

/// <summary>
/// A serial line read by waiting on it: one thread per port sleeps in poll(2) until the kernel has bytes (or the
/// stream is disposed), reads them all and hands them to <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>
/// through a pipe. An idle port costs no wake-ups at all; System.IO.Ports on Linux polls a pending read every
/// millisecond instead (docs/receivers-serial.md, "How a port is read").
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxSerialStream : SerialLineStream
{
    private const int ChunkBytes = 4096;
    private static readonly TimeSpan LineFullTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    // A megabyte is several seconds of the fastest line; past it the reader stops taking bytes and the kernel's
    // buffer fills, as with any serial port nobody reads.
    private readonly Pipe _received = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private readonly Stream _receivedBytes;
    private readonly int _fd;
    private readonly (int Read, int Write) _wake;
    private readonly Thread _reader;
    private int _disposed;

    /// <summary>Takes over <paramref name="fd"/>, an open tty (<see cref="LinuxTerminal.Open"/>), and starts reading it.</summary>
    public LinuxSerialStream(int fd, string path)
    {
        _fd = fd;
        _wake = LinuxTerminal.OpenWakePipe();
        _receivedBytes = _received.Reader.AsStream(leaveOpen: true);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "serial " + path };
        _reader.Start();
    }

    /// <summary>Whether the reader thread still runs (it ends when the stream is disposed or the line fails).</summary>
    internal bool IsReading => _reader.IsAlive;

    /// <inheritdoc />
    /// <remarks>0 when the line ended (the device closed it); an <see cref="IOException"/> when it failed or hung up.</remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _receivedBytes.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _receivedBytes.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _receivedBytes.Read(buffer, offset, count);

    /// <inheritdoc />
    /// <remarks>Waits while the line's buffer is full, up to 2 s, then throws <see cref="TimeoutException"/>.</remarks>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var deadline = Environment.TickCount64 + (long)LineFullTimeout.TotalMilliseconds;
        while (!buffer.IsEmpty)
        {
            var written = LinuxTerminal.Write(_fd, buffer);
            buffer = buffer[written..];
            if (written == 0)
            {
                var left = deadline - Environment.TickCount64;
                Span<LinuxTerminal.PollDescriptor> line = [new(_fd, LinuxTerminal.PollOut)];
                if (left <= 0 || LinuxTerminal.Poll(line, (int)left) == 0)
                {
                    throw new TimeoutException($"the serial line took no bytes for {LineFullTimeout.TotalSeconds:0} s");
                }
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // Writes are a few bytes of a command: they go to the kernel at once, or wait briefly for room.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The byte on the pipe wakes the reader thread's poll; cancelling the flush wakes it while it waits for room.
            // It then ends the pipe, so a read still waiting returns 0. The pipe itself holds nothing to release.
            LinuxTerminal.Write(_wake.Write, [1]);
            _received.Writer.CancelPendingFlush();
            _reader.Join(StopTimeout);
            LinuxTerminal.Close(_fd);
            LinuxTerminal.Close(_wake.Read);
            LinuxTerminal.Close(_wake.Write);
        }

        base.Dispose(disposing);
    }

    private static IOException HungUp() => new("the serial line hung up (the device was unplugged, or the other end closed it)");

    private void ReadLoop()
    {
        var writer = _received.Writer;
        Span<LinuxTerminal.PollDescriptor> fds = [new(_fd, LinuxTerminal.PollIn), new(_wake.Read, LinuxTerminal.PollIn)];
        try
        {
            while (true)
            {
                fds[0].Returned = 0;
                fds[1].Returned = 0;
                LinuxTerminal.Poll(fds, -1);
                if (fds[1].Returned != 0)
                {
                    break;
                }

                var events = fds[0].Returned;
                if ((events & LinuxTerminal.PollIn) != 0)
                {
                    // Bytes still buffered are read first, even once the line has hung up; a tty reads 0 only then.
                    var read = LinuxTerminal.Read(_fd, writer.GetSpan(ChunkBytes));
                    if (read == 0)
                    {
                        throw HungUp();
                    }

                    if (read > 0)
                    {
                        writer.Advance(read);
                        var flushed = writer.FlushAsync().AsTask().GetAwaiter().GetResult();
                        if (flushed.IsCompleted || flushed.IsCanceled)
                        {
                            break;
                        }
                    }
                }
                else if ((events & (LinuxTerminal.PollError | LinuxTerminal.PollHangUp | LinuxTerminal.PollInvalid)) != 0)
                {
                    throw HungUp();
                }
            }

            writer.Complete();
        }
#pragma warning disable CA1031 // An exception left on this thread would end the process; the reader gets it instead.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            writer.Complete(exception as IOException ?? new IOException("the serial line failed: " + exception.Message, exception));
        }
    }
}
