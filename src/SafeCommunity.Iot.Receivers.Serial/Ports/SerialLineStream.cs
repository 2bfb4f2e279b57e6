namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// What every serial line's stream shares: it reads and writes, never seeks, and an asynchronous flush returns at
/// once. A write completes once the driver has the bytes; waiting until the UART has shifted them out (tcdrain)
/// would hold a thread for nothing the receivers need.
/// </summary>
internal abstract class SerialLineStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
