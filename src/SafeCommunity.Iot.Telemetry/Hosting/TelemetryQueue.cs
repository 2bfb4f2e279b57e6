using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// The bounded queue between the sources (the pipeline's commit thread, the alarm feed, the health sampler) and the
/// spool writer. The pipeline never waits for it: <see cref="TryEnqueue"/> drops an item when the queue is full, and
/// counts and logs it (at most every 10 s), so alarm-producing work never waits on telemetry. The alarm feed may wait
/// (<see cref="EnqueueAsync"/>): the alarm hub cuts it off when it falls behind and it reads again from the store.
/// </summary>
public sealed class TelemetryQueue
{
    private static readonly long ReportIntervalTicks = TimeSpan.FromSeconds(10).Ticks;

    private readonly Channel<TelemetryItem> _channel;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private long _droppedSinceReport;
    private long _lastReportTicks;

    /// <summary>Creates the queue with room for <see cref="TelemetryOptions.QueueCapacity"/> items.</summary>
    public TelemetryQueue(IOptions<TelemetryOptions> options, TelemetryMetrics metrics, TimeProvider clock, ILogger<TelemetryQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
        _clock = clock;
        _logger = logger;

        // Full mode Wait, written with TryWrite by the pipeline: a full queue refuses the item (which is counted)
        // instead of silently dropping one, and the alarm feed's WriteAsync may wait for room.
        _channel = Channel.CreateBounded<TelemetryItem>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        metrics.Meter.CreateObservableGauge("safecomm.telemetry.queue", () => _channel.Reader.Count, "{item}", "Items waiting to be spooled.");
    }

    /// <summary>Items waiting.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>The spool writer's end.</summary>
    public ChannelReader<TelemetryItem> Reader => _channel.Reader;

    /// <summary>Queues <paramref name="item"/> without waiting; false (counted, logged now and then) when the queue is full or closed.</summary>
    public bool TryEnqueue(in TelemetryItem item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        _metrics.ItemDropped();
        Interlocked.Increment(ref _droppedSinceReport);
        var now = _clock.GetUtcNow().UtcTicks;
        var last = Volatile.Read(ref _lastReportTicks);
        if (now - last >= ReportIntervalTicks && Interlocked.CompareExchange(ref _lastReportTicks, now, last) == last)
        {
            TelemetryLog.QueueFull(_logger, Interlocked.Exchange(ref _droppedSinceReport, 0));
        }

        return false;
    }

    /// <summary>Queues <paramref name="item"/>, waiting for room.</summary>
    public ValueTask EnqueueAsync(TelemetryItem item, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(item, cancellationToken);

    /// <summary>Closes the queue: the spool writer drains what is in it and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
