using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// The uplink pipeline: receivers → ingress → decode → shard by device (authenticate, replay check, merge
/// duplicates, locate) → batched store → observers and completions. Stages are joined by bounded channels that
/// wait when full: a slow store slows receivers down (an MQTT broker then holds QoS 1 messages) instead of
/// anything being dropped.
/// </summary>
public sealed class UplinkPipeline : BackgroundService, IUplinkIngress
{
    private readonly IngestionOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly IDeviceStateStore _store;
    private readonly IReadOnlyList<IUplinkObserver> _observers;
    private readonly ReceiverStatistics _statistics;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<UplinkPipeline> _logger;
    private readonly Channel<RawUplink> _ingress;
    private readonly Channel<ShardItem>[] _shardInputs;
    private readonly Channel<CommitItem> _commits;
    private readonly UplinkRejections _rejections;
    private bool _running;

    /// <summary>Creates the pipeline; it starts processing when the host starts it.</summary>
    public UplinkPipeline(
        IOptions<IngestionOptions> options,
        DeviceRegistry registry,
        IDeviceStateStore store,
        IEnumerable<IUplinkObserver> observers,
        ReceiverStatistics statistics,
        IngestionMetrics metrics,
        TimeProvider clock,
        ILogger<UplinkPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options.Value;
        _registry = registry;
        _store = store;
        _observers = [.. observers];
        _statistics = statistics;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;

        // Full mode Wait everywhere: nothing that may raise an alarm is ever dropped; the pressure travels back
        // to the receivers. One reader per channel, so the single-reader fast path applies.
        _ingress = Channel.CreateBounded<RawUplink>(new BoundedChannelOptions(_options.IngressCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _shardInputs = [.. Enumerable.Range(0, _options.EffectiveShards).Select(_ => Channel.CreateBounded<ShardItem>(
            new BoundedChannelOptions(_options.ShardCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true }))];
        _commits = Channel.CreateBounded<CommitItem>(new BoundedChannelOptions(_options.CommitCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _rejections = new UplinkRejections(statistics, metrics, new RejectionLogLimiter(clock, _options.RejectionLogInterval), logger);

        metrics.Meter.CreateObservableGauge("safecomm.queue.ingress", () => _ingress.Reader.Count, "{uplink}", "Uplinks waiting to be decoded.");
        metrics.Meter.CreateObservableGauge("safecomm.queue.shards", () => _shardInputs.Sum(c => c.Reader.Count), "{uplink}", "Uplinks waiting in shards.");
        metrics.Meter.CreateObservableGauge("safecomm.queue.commit", () => _commits.Reader.Count, "{uplink}", "Verified uplinks waiting to be stored.");
    }

    /// <summary>Whether the pipeline has restored device state and is processing uplinks.</summary>
    public bool IsRunning => Volatile.Read(ref _running);

    /// <summary>Uplinks waiting anywhere in the pipeline (for health checks and tests).</summary>
    public int Pending => _ingress.Reader.Count + _shardInputs.Sum(c => c.Reader.Count) + _commits.Reader.Count;

    /// <inheritdoc />
    public async ValueTask WriteAsync(RawUplink uplink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        await _ingress.Writer.WriteAsync(uplink, cancellationToken).ConfigureAwait(false);
        _metrics.FrameReceived(uplink.Transport);
        _statistics.Heard(uplink.ReceiverId, uplink.ReceivedAt);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up work (reading every device's state) runs off the host's start path.
        await Task.Yield();
        var locator = new ReceptionLocator(_registry, _options.DefaultReceiverRangeMetres);
        var shards = _shardInputs.Select(_ => new UplinkShard(_registry, _options, locator, _rejections, _logger)).ToArray();
        try
        {
            var restored = _store.LoadAll();
            foreach (var snapshot in restored)
            {
                shards[ShardOf(snapshot.DeviceId)].Restore(snapshot);
            }

            IngestionLog.Started(_logger, shards.Length, restored.Count);
            Volatile.Write(ref _running, true);

            using var abandon = new CancellationTokenSource();
            var committer = new StateCommitter(_store, _observers, _statistics, _metrics, _clock, _logger, _options.MaxCommitBatch);
            var committing = Task.Run(() => committer.RunAsync(_commits.Reader, abandon.Token), CancellationToken.None);
            var sharding = shards.Select((shard, i) => Task.Run(() => shard.RunAsync(_shardInputs[i].Reader, _commits.Writer), CancellationToken.None)).ToArray();
            var dispatching = Task.Run(DispatchAsync, CancellationToken.None);

            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: drain what is queued, stage by stage.
            }

            Volatile.Write(ref _running, false);
            _ingress.Writer.TryComplete();
            await dispatching.ConfigureAwait(false);
            await Task.WhenAll(sharding).ConfigureAwait(false);
            _commits.Writer.TryComplete();
            await abandon.CancelAsync().ConfigureAwait(false);
            await committing.ConfigureAwait(false);
            IngestionLog.Stopped(_logger, Pending);
        }
        finally
        {
            foreach (var shard in shards)
            {
                shard.Dispose();
            }
        }
    }

    private async Task DispatchAsync()
    {
        try
        {
            await foreach (var uplink in _ingress.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                var error = RadioFrameReader.Read(uplink.Payload.Span, out var frame);
                if (error != RadioFrameError.None)
                {
                    _rejections.Malformed(uplink, error);
                    continue;
                }

                await _shardInputs[ShardOf(frame.DeviceId)].Writer.WriteAsync(new ShardItem(uplink, frame)).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var shard in _shardInputs)
            {
                shard.Writer.TryComplete();
            }
        }
    }

    private int ShardOf(uint deviceId) => (int)(deviceId % (uint)_shardInputs.Length);
}
