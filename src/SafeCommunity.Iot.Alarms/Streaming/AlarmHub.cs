using System.Threading.Channels;
using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Alarms.Streaming;

/// <summary>
/// Hands every stored alarm event to live subscribers. Each subscriber has its own bounded buffer; one that
/// falls too far behind is cut off (its reader completes with <see cref="SubscriberTooSlowException"/> naming the
/// sequence to resume from) so the pipeline and the other subscribers never wait for it.
/// </summary>
public sealed class AlarmHub
{
    private readonly Lock _lock = new();
    private readonly List<AlarmSubscription> _subscriptions = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastPublished;

    /// <summary>The sequence number of the last event published.</summary>
    public long LastPublished => Volatile.Read(ref _lastPublished);

    /// <summary>How many subscribers are attached.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>
    /// Completes once <see cref="Start"/> has set the starting point. A subscriber that attaches earlier would take
    /// 0 for the last stored sequence and never be given the events stored before the restart.
    /// </summary>
    public Task WhenStarted => _started.Task;

    /// <summary>Sets the starting point after a restart: the last sequence number already stored.</summary>
    public void Start(long lastStoredSequence)
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastPublished, lastStoredSequence);
        }

        _started.TrySetResult();
    }

    /// <summary>Attaches a subscriber with a buffer of <paramref name="capacity"/> events; dispose the subscription to detach.</summary>
    public AlarmSubscription Subscribe(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<AlarmEvent>(new BoundedChannelOptions(capacity)
        {
            // Written with TryWrite only, so the hub never waits; a full buffer ends the subscription with its resume point.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        AlarmSubscription subscription;
        lock (_lock)
        {
            subscription = new AlarmSubscription(this, channel, Remove);
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Publishes stored events, in sequence order. Called by the pipeline's commit stage only.</summary>
    public void Publish(IReadOnlyList<AlarmEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            for (var i = _subscriptions.Count - 1; i >= 0; i--)
            {
                var subscription = _subscriptions[i];
                foreach (var alarmEvent in events)
                {
                    if (!subscription.Channel.Writer.TryWrite(alarmEvent))
                    {
                        subscription.CutOff();
                        _subscriptions.RemoveAt(i);
                        break;
                    }

                    subscription.LastDelivered = alarmEvent.Sequence;
                }
            }

            Volatile.Write(ref _lastPublished, events[^1].Sequence);
        }
    }

    /// <summary>Ends every subscription (the gateway is stopping).</summary>
    public void CompleteAll()
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Channel.Writer.TryComplete();
            }

            _subscriptions.Clear();
        }
    }

    private void Remove(AlarmSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }
}

/// <summary>A live feed of alarm events, in sequence order; dispose it to detach.</summary>
public sealed class AlarmSubscription : IDisposable
{
    private readonly AlarmHub _hub;
    private readonly Action<AlarmSubscription> _remove;

    // Never disposed: the hub may be cancelling it on a pool thread while the subscriber disposes, and a
    // CancellationTokenSource without a timer holds nothing that needs disposing.
    private readonly CancellationTokenSource _cutOff = new();

    internal AlarmSubscription(AlarmHub hub, Channel<AlarmEvent> channel, Action<AlarmSubscription> remove)
    {
        _hub = hub;
        _remove = remove;
        Channel = channel;
        StartedAfter = hub.LastPublished;
        LastDelivered = StartedAfter;
    }

    /// <summary>
    /// The last sequence number published before this subscription was attached: every later event comes through
    /// <see cref="Events"/>, every earlier one is in the store.
    /// </summary>
    public long StartedAfter { get; }

    /// <summary>Events as they are stored. Completes with <see cref="SubscriberTooSlowException"/> when the subscriber fell behind.</summary>
    public ChannelReader<AlarmEvent> Events => Channel.Reader;

    /// <summary>
    /// Fires when the hub cuts the subscriber off for falling behind, while <see cref="Events"/> may still hold the
    /// events it was given before: a reader blocked on a slow client learns of it at once.
    /// </summary>
    public CancellationToken CutOffToken => _cutOff.Token;

    internal Channel<AlarmEvent> Channel { get; }

    internal long LastDelivered { get; set; }

    /// <inheritdoc />
    public void Dispose()
    {
        _remove(this);
        Channel.Writer.TryComplete();
    }

    internal void CutOff()
    {
        Channel.Writer.TryComplete(new SubscriberTooSlowException(LastDelivered));

        // Not Cancel(): its callbacks would run here, on the pipeline's commit thread, under the hub's lock.
        _ = _cutOff.CancelAsync();
    }
}

/// <summary>A subscriber fell too far behind and was cut off; it should resume after <see cref="ResumeAfter"/>.</summary>
public sealed class SubscriberTooSlowException : Exception
{
    /// <summary>Creates the exception for a subscriber last given <paramref name="resumeAfter"/>.</summary>
    public SubscriberTooSlowException(long resumeAfter)
        : base($"The subscriber fell too far behind; resume after sequence {resumeAfter}.") => ResumeAfter = resumeAfter;

    /// <summary>Creates the exception.</summary>
    public SubscriberTooSlowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SubscriberTooSlowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SubscriberTooSlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The last sequence number it was given.</summary>
    public long ResumeAfter { get; }
}
