using System.Threading.Channels;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>
/// A port in memory: the test feeds chunks (each arrives as one read) and can end the stream. With
/// <see cref="IgnoreCancellation"/> a pending read behaves like a read that hangs after an unplug: only disposing the
/// stream ends it.
/// </summary>
internal sealed class FakeSerialStream : Stream
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _disposed = new();

    public bool IgnoreCancellation { get; init; }

    public bool IsDisposed => _disposed.IsCancellationRequested;

    public MemoryStream Written { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Feed(byte[] chunk) => _chunks.Writer.TryWrite(chunk);

    public void End() => _chunks.Writer.TryWrite([]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token, IgnoreCancellation ? CancellationToken.None : cancellationToken);
        byte[] chunk;
        try
        {
            chunk = await _chunks.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            throw new IOException("The port was closed.");
        }

        chunk.CopyTo(buffer);
        return chunk.Length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (Written)
        {
            Written.Write(buffer, offset, count);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed.Cancel();
        }

        base.Dispose(disposing);
    }
}
