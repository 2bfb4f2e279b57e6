using System.Threading.Channels;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Simulator.Transports;

/// <summary>
/// One serial receiver (a base station on a gate, or the patrol motorbike's receiver) as the gateway sees it on its
/// port: link records (PROTOCOL.md §2), COBS-framed, written to a <see cref="Stream"/> — in the demo the simulator's
/// end of a socat pseudo-terminal pair, in tests any stream. On <see cref="Start"/> it sends one 0x00 (ending any
/// half record the gateway holds) and a hello status; then receptions, GNSS sentences and a status every minute as
/// the runner hands them over.
/// </summary>
/// <remarks>
/// Records are encoded whole when handed over and queued for a writer task. When the queue is full (the gateway does
/// not read, the pseudo-terminal's buffer is full) a record is dropped whole and counted in <c>records_dropped</c>,
/// as the protocol tells a receiver to do — the simulation is never held up by a port.
/// </remarks>
public sealed class SerialLinkTransport : IAsyncDisposable
{
    private const int MaxWireRecord = 132;
    private static readonly byte[] Delimiter = [LinkLayout.Delimiter];

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly TimeProvider _clock;
    private readonly Channel<byte[]> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private long _startedAt;
    private Task? _writer;
    private long _receptions;
    private long _sentences;
    private long _recordsQueued;
    private long _recordsWritten;
    private long _recordsDropped;
    private long _writesFailed;
    private string? _lastError;

    /// <summary>Creates the transport; nothing is written before <see cref="Start"/>.</summary>
    /// <param name="stream">Where the records go.</param>
    /// <param name="receiverId">The receiver's registry id ("wufu-gate-north"), for messages.</param>
    /// <param name="hardwareId">The id its status records report (the registry's <c>hardwareId</c>).</param>
    /// <param name="gnssPresent">Whether a GNSS module is fitted (a patrol receiver).</param>
    /// <param name="clock">The receiver's clock (uptime, <c>rx_time_ms</c>).</param>
    /// <param name="queueCapacity">Records that may wait for the port.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="stream"/> open.</param>
    public SerialLinkTransport(
        Stream stream, string receiverId, uint hardwareId, bool gnssPresent, TimeProvider? clock = null, int queueCapacity = 512, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(receiverId);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _clock = clock ?? TimeProvider.System;
        ReceiverId = receiverId;
        HardwareId = hardwareId;
        GnssPresent = gnssPresent;

        // Wait mode with TryWrite only: a full queue refuses the record (dropped and counted) instead of blocking.
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The receiver's registry id.</summary>
    public string ReceiverId { get; }

    /// <summary>The id in its status records.</summary>
    public uint HardwareId { get; }

    /// <summary>Whether it reports a GNSS module.</summary>
    public bool GnssPresent { get; }

    /// <summary>Receptions handed over (queued or dropped).</summary>
    public long Receptions => Interlocked.Read(ref _receptions);

    /// <summary>GNSS sentences handed over.</summary>
    public long Sentences => Interlocked.Read(ref _sentences);

    /// <summary>Records written to the stream.</summary>
    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    /// <summary>Records dropped (queue full, or the write failed).</summary>
    public long RecordsDropped => Interlocked.Read(ref _recordsDropped);

    /// <summary>The last write error, if any.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Sends the 0x00 that ends any stale half record and the hello status, and starts writing.</summary>
    public void Start()
    {
        if (_writer is not null)
        {
            throw new InvalidOperationException("The transport has started already.");
        }

        _startedAt = _clock.GetTimestamp();
        _queue.Writer.TryWrite(Delimiter);
        SendStatus(hello: true);
        _writer = Task.Factory.StartNew(() => WriteLoop(_stopping.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues a receiver status record (the hello flag only for the first after start).</summary>
    public bool SendStatus(bool hello = false)
    {
        var flags = (hello ? ReceiverStatusFlags.Hello : ReceiverStatusFlags.None) | (GnssPresent ? ReceiverStatusFlags.GnssPresent : ReceiverStatusFlags.None);
        var status = new ReceiverStatus(
            HardwareId,
            1,
            4,
            2,
            flags,
            (uint)Math.Min(uint.MaxValue, Elapsed.TotalSeconds),
            (uint)Math.Min(uint.MaxValue, Receptions),
            0,
            (uint)Math.Min(uint.MaxValue, RecordsDropped));
        var buffer = new byte[MaxWireRecord];
        var length = LinkRecordWriter.WriteStatus(buffer, status);
        return Enqueue(buffer.AsSpan(0, length));
    }

    /// <summary>Queues a radio reception record of <paramref name="frame"/>, stamped with the receiver's millisecond clock.</summary>
    public bool SendReception(ReadOnlySpan<byte> frame, short rssiDbm, double snrDb)
    {
        Interlocked.Increment(ref _receptions);
        var buffer = new byte[MaxWireRecord];
        var rxTimeMs = unchecked((uint)(long)Elapsed.TotalMilliseconds);
        var snr = (sbyte)Math.Clamp(Math.Round(snrDb * 4), sbyte.MinValue, sbyte.MaxValue);
        var length = LinkRecordWriter.WriteReception(buffer, rxTimeMs, rssiDbm, snr, frame);
        return Enqueue(buffer.AsSpan(0, length));
    }

    /// <summary>Queues a GNSS sentence record (an NMEA sentence from '$' to its checksum).</summary>
    public bool SendSentence(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        Interlocked.Increment(ref _sentences);
        var buffer = new byte[MaxWireRecord];
        var length = LinkRecordWriter.WriteSentence(buffer, NmeaSentences.ToAscii(sentence));
        return Enqueue(buffer.AsSpan(0, length));
    }

    /// <summary>Waits until everything queued so far is written, at most <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _clock.GetTimestamp() + (long)(timeout.TotalSeconds * _clock.TimestampFrequency);
        while (Interlocked.Read(ref _recordsWritten) + Interlocked.Read(ref _writesFailed) < Interlocked.Read(ref _recordsQueued))
        {
            if (_clock.GetTimestamp() > deadline || _writer is null || _writer.IsCompleted)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken);
        }

        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            // Give queued records a moment to go out; a write stuck on a dead line is ended by disposing the stream.
            await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(2)));
            await _stopping.CancelAsync();
        }

        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }

        if (_writer is not null)
        {
            await Task.WhenAny(_writer, Task.Delay(TimeSpan.FromSeconds(3)));
        }

        _stopping.Dispose();
    }

    private TimeSpan Elapsed => _clock.GetElapsedTime(_startedAt);

    private bool Enqueue(ReadOnlySpan<byte> wire)
    {
        if (_queue.Writer.TryWrite(wire.ToArray()))
        {
            Interlocked.Increment(ref _recordsQueued);
            return true;
        }

        Interlocked.Increment(ref _recordsDropped);
        return false;
    }

    /// <summary>
    /// Writes queued records one by one with the stream's synchronous <see cref="Stream.Write(ReadOnlySpan{byte})"/> on
    /// its own thread: a serial port honours its write timeout only there (its asynchronous writes ignore both the
    /// timeout and cancellation, and hang once the other end of a pseudo-terminal is gone).
    /// </summary>
    private void WriteLoop(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!reader.TryRead(out var record))
            {
                try
                {
                    if (!reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // The lone start-up delimiter is not a record and is not counted.
            var isRecord = record.Length > 1;
            try
            {
                _stream.Write(record);
                if (isRecord)
                {
                    Interlocked.Increment(ref _recordsWritten);
                }
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException)
            {
                // Nobody reads the line (timeout) or it is gone: the record is lost, as on a real UART; keep going.
                if (isRecord)
                {
                    Interlocked.Increment(ref _writesFailed);
                    Interlocked.Increment(ref _recordsDropped);
                }

                Volatile.Write(ref _lastError, ex is TimeoutException ? "nobody reads the line (write timed out)" : ex.Message);
            }
        }
    }
}
