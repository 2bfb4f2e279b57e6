using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Api.Diagnostics;
using SafeCommunity.Iot.Api.Hosting;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Hosting;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// Stores the audit lines of reads (a locate, an alarm read, a watch) in batches: the lines that arrive within
/// <see cref="ApiOptions.ReadAuditWindow"/> go into one transaction. Each audit insert takes the database's one write
/// lock and syncs the disk; one per read would have every poll of a board contend with the pipeline's committer, and
/// so delay alarms. A read still waits until its line is stored before it is answered, at most the window longer
/// than before, and is refused when the line cannot be stored.
/// </summary>
/// <remarks>
/// A sink (<see cref="HostPhase.Sink"/>): it starts before the API takes calls and stops after it, so a read
/// answered while the host stops still has its line stored. The queue is bounded; at the bound readers wait.
/// </remarks>
public sealed class ReadAuditWriter : PhasedBackgroundService
{
    /// <summary>Lines waiting at most; readers wait beyond it.</summary>
    public const int Capacity = 10_000;

    private const int MaxBatch = 1_000;

    private readonly Channel<PendingLine> _queue = Channel.CreateBounded<PendingLine>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly IAccessStore _store;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the writer; it runs once the host starts it.</summary>
    public ReadAuditWriter(IAccessStore store, IOptions<ApiOptions> options, TimeProvider time, ILogger<ReadAuditWriter> logger)
        : base(HostPhase.Sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _window = options.Value.ReadAuditWindow;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once <paramref name="record"/> is stored.</summary>
    /// <exception cref="AuditNotStoredException">The store refused it (the read must not be answered).</exception>
    /// <exception cref="ChannelClosedException">The gateway has stopped.</exception>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var line = new PendingLine(record);
        await _queue.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await line.Stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var stopping = stoppingToken.Register(() => _queue.Writer.TryComplete()).ConfigureAwait(false);
        var batch = new List<PendingLine>(MaxBatch);
        var records = new List<AuditRecord>(MaxBatch);

        // Ends once the queue is completed (at stop) and drained.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (_window > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_window, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: store what is waiting now.
                }
            }

            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var line))
            {
                batch.Add(line);
                records.Add(line.Record);
            }

            Store(batch, records);
            batch.Clear();
            records.Clear();
        }
    }

    private void Store(List<PendingLine> batch, List<AuditRecord> records)
    {
        try
        {
            _store.AuditAll(records);
        }
#pragma warning disable CA1031 // Whatever the store's failure, the waiting reads are refused and the writer goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ApiLog.ReadAuditFailed(_logger, batch.Count, exception);
            foreach (var line in batch)
            {
                line.Stored.TrySetException(new AuditNotStoredException(exception));
            }

            return;
        }

        foreach (var line in batch)
        {
            line.Stored.TrySetResult();
        }
    }

    private sealed class PendingLine(AuditRecord record)
    {
        public AuditRecord Record { get; } = record;

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
