using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// Stores verified uplinks in batches — one transaction for whatever is waiting, up to a limit — and only then
/// hands them on and completes them. A counter is never acknowledged before it is stored, so a restart can never
/// accept it again; and under load one transaction carries thousands of uplinks, so the store keeps up.
/// </summary>
internal sealed class StateCommitter
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IDeviceStateStore _store;
    private readonly IReadOnlyList<IUplinkObserver> _observers;
    private readonly ReceiverStatistics _statistics;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly int _maxBatch;

    public StateCommitter(
        IDeviceStateStore store,
        IReadOnlyList<IUplinkObserver> observers,
        ReceiverStatistics statistics,
        IngestionMetrics metrics,
        TimeProvider clock,
        ILogger logger,
        int maxBatch)
    {
        _store = store;
        _observers = observers;
        _statistics = statistics;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        _maxBatch = maxBatch;
    }

    /// <summary>
    /// Runs until <paramref name="input"/> is completed and drained. <paramref name="abandon"/> stops retrying a
    /// failing store at shutdown; what could not be stored is then completed as not processed.
    /// </summary>
    public async Task RunAsync(ChannelReader<CommitItem> input, CancellationToken abandon)
    {
        var items = new List<CommitItem>(_maxBatch);
        var batch = new StateBatch();
        var stateIndex = new Dictionary<uint, int>();
        // Never cancelled while waiting: the loop ends when the channel is completed and drained.
        while (await input.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (items.Count < _maxBatch && input.TryRead(out var item))
            {
                items.Add(item);
            }

            Fill(batch, stateIndex, items);
            if (await CommitAsync(batch, items.Count, abandon).ConfigureAwait(false))
            {
                Publish(items);
            }
            else
            {
                Abandon(items);
            }

            items.Clear();
            batch.Clear();
            stateIndex.Clear();
        }
    }

    private static void Fill(StateBatch batch, Dictionary<uint, int> stateIndex, List<CommitItem> items)
    {
        foreach (var item in items)
        {
            // Several uplinks of one device in a batch: its latest state is the one to keep.
            if (stateIndex.TryGetValue(item.State.DeviceId, out var index))
            {
                batch.States[index] = item.State;
            }
            else
            {
                stateIndex.Add(item.State.DeviceId, batch.States.Count);
                batch.States.Add(item.State);
            }

            if (item.Trail is { } point)
            {
                batch.Trail.Add(point);
            }
        }
    }

    private async Task<bool> CommitAsync(StateBatch batch, int count, CancellationToken abandon)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                _store.Commit(batch);
                _metrics.CommitBatch(count);
                return true;
            }
#pragma warning disable CA1031 // Any store failure (disk full, I/O error) is retried; the pipeline waits rather than loses.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                IngestionLog.CommitFailed(_logger, exception, count, delay);
                try
                {
                    await Task.Delay(delay, _clock, abandon).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private void Publish(List<CommitItem> items)
    {
        var now = _clock.GetUtcNow();
        foreach (var item in items)
        {
            foreach (var observer in _observers)
            {
                try
                {
                    observer.OnStored(item.Accepted);
                }
#pragma warning disable CA1031 // One faulty observer must not stop the others or the acknowledgement.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    IngestionLog.ObserverFailed(_logger, exception, item.Accepted.Device.ToString());
                }
            }

            _statistics.Outcome(item.Uplink.ReceiverId, item.Outcome);
            _metrics.Processed(item.Outcome);
            _metrics.Latency(now - item.Uplink.ReceivedAt);
            item.Uplink.Completion?.Complete(item.Outcome);
        }
    }

    private void Abandon(List<CommitItem> items)
    {
        foreach (var item in items)
        {
            _metrics.Processed(UplinkOutcome.NotProcessed);
            item.Uplink.Completion?.Complete(UplinkOutcome.NotProcessed);
        }
    }
}
