using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Ingestion.Diagnostics;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// The alarm stream of a store shared with other gateways. Every gateway's commits take their event numbers from
/// the store in the storing transaction, so the store holds one gap-free sequence, committed in order; this reads it
/// back after the last event read (woken by the store's notice, by this gateway's own commits, or by a poll) and hands
/// it to the commit stage (<see cref="CommitItem.StoredEvents"/>), which publishes it to the hub and takes the other
/// gateways' events into its alarm book. Publishing what the store holds, in its order, is what gives every gateway
/// the same stream: the same events, in the same order, with no gap. (The commit stage publishes its own events at
/// once when they follow the last one published, since then nothing lies between; the feed skips them.)
/// </summary>
internal sealed class SharedAlarmFeed
{
    /// <summary>How many events one read takes at most.</summary>
    public const int PageSize = 1000;

    // The backstop when a notice is lost (a reconnecting listener): a stored event reaches the stream at the latest then.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IAlarmStore _store;
    private readonly IAlarmEventSignal _signal;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        // One pending wake-up stands for any number: the reader reads everything after its position anyway.
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    // The commit stage's own ranges of stored numbers, oldest first; touched by the commit stage only.
    private readonly Queue<(long First, long Last)> _storedHere = new();

    public SharedAlarmFeed(IAlarmStore store, IAlarmEventSignal signal, TimeProvider clock, ILogger logger)
    {
        _store = store;
        _signal = signal;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Whether this gateway escalates the store's unacknowledged alarms now (<see cref="IAlarmEventSignal.LeadsEscalation"/>).</summary>
    public bool LeadsEscalation => _signal.LeadsEscalation;

    /// <summary>Asks for a read now (this gateway stored events, or the store sent a notice).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>The commit stage stored events <paramref name="first"/> to <paramref name="last"/>; they are in the store now.</summary>
    public void StoredHere(long first, long last)
    {
        _storedHere.Enqueue((first, last));
        Wake();
    }

    /// <summary>
    /// Whether the commit stage stored the event numbered <paramref name="sequence"/> itself. Asked in rising order of
    /// sequence, so the ranges below it are forgotten on the way.
    /// </summary>
    public bool WasStoredHere(long sequence)
    {
        while (_storedHere.TryPeek(out var range) && range.Last < sequence)
        {
            _storedHere.Dequeue();
        }

        return _storedHere.TryPeek(out var next) && next.First <= sequence;
    }

    /// <summary>Reads the stored events after <paramref name="after"/> into <paramref name="commits"/> until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(long after, PriorityLanes<CommitItem> commits, CancellationToken stopping)
    {
        IngestionLog.SharedFeedStarted(_logger, after);
        var listening = _signal.ListenAsync(Wake, stopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                after = await ReadAsync(after, commits, stopping).ConfigureAwait(false);
                await WaitForWakeAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the commit stage drains what was handed over.
        }

        await listening.ConfigureAwait(false);
    }

    private async Task<long> ReadAsync(long after, PriorityLanes<CommitItem> commits, CancellationToken stopping)
    {
        while (true)
        {
            IReadOnlyList<AlarmEvent> events;
            try
            {
                events = _store.EventsAfter(after, PageSize);
            }
#pragma warning disable CA1031 // A store that cannot be read now (a restarting server) is read again; the stream waits, it does not end.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                IngestionLog.SharedFeedReadFailed(_logger, exception, after, RetryDelay);
                await Task.Delay(RetryDelay, _clock, stopping).ConfigureAwait(false);
                continue;
            }

            if (events.Count == 0)
            {
                return after;
            }

            await commits.WriteAsync(new CommitItem.StoredEvents(events), isAlarm: true, cancellationToken: stopping).ConfigureAwait(false);
            after = events[^1].Sequence;
            if (events.Count < PageSize)
            {
                return after;
            }
        }
    }

    private async Task WaitForWakeAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(PollInterval, _clock);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            await _wake.Reader.ReadAsync(poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The poll: read anyway.
        }
    }
}
