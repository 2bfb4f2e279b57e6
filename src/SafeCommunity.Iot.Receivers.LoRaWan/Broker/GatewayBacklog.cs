namespace SafeCommunity.Iot.Receivers.LoRaWan.Broker;

/// <summary>
/// The QoS 1 messages the embedded broker has queued for the gateway's own session and the gateway has not yet
/// acknowledged (it acknowledges once the pipeline has stored an uplink's effects). While that backlog is at its
/// limit, a publisher's next message waits before the broker takes it, so the publisher gets no PUBACK and its
/// in-flight window fills: the network server is slowed down instead of the broker's queue being cut.
/// <para>
/// Waiting publishers are let in one per acknowledgement, in the order they came, so no publisher is starved; a few
/// messages over the limit (one per publisher let in at once) are expected and far below the session's hard bound.
/// </para>
/// </summary>
internal sealed class GatewayBacklog
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private readonly TimeProvider _time;
    private long _pending;
    private long _held;
    private long _heldTicks;

    /// <summary>Creates the gate for a backlog of at most <paramref name="limit"/> messages.</summary>
    public GatewayBacklog(int limit, TimeProvider time)
    {
        // The options validator reports a bad limit at start with its setting's name; this only keeps the gate sane.
        Limit = Math.Max(1, limit);
        _time = time;
    }

    /// <summary>The backlog at which publishers are held.</summary>
    public int Limit { get; }

    /// <summary>Messages queued for the gateway and not yet acknowledged by it.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Publishes that had to wait for room.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>The time publishes spent waiting, in total.</summary>
    public TimeSpan HeldTime => TimeSpan.FromTicks(Interlocked.Read(ref _heldTicks));

    /// <summary>Publishers waiting for room now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Whether a publish would have to wait now.</summary>
    public bool IsFull => Pending >= Limit || Waiting > 0;

    /// <summary>Completes at once while there is room; otherwise when an acknowledgement makes room for this publish.</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource turn;
        lock (_gate)
        {
            // Turns of publishers that gave up are cleared first, so they cannot hold a newcomer back.
            while (_waiting.TryPeek(out var head) && head.Task.IsCompleted)
            {
                _waiting.Dequeue();
            }

            // Newcomers queue behind earlier waiters even when an acknowledgement has just made room.
            if (Interlocked.Read(ref _pending) < Limit && _waiting.Count == 0)
            {
                return;
            }

            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
        }

        Interlocked.Increment(ref _held);
        var started = _time.GetTimestamp();
        try
        {
            await turn.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The publisher went away while held: pass its turn on, or the next waiter would wait for nothing.
            if (!turn.TrySetCanceled(cancellationToken))
            {
                ReleaseNext();
            }

            throw;
        }
        finally
        {
            Interlocked.Add(ref _heldTicks, _time.GetElapsedTime(started).Ticks);
        }
    }

    /// <summary>A QoS 1 message was queued for the gateway.</summary>
    public void Enqueued() => Interlocked.Increment(ref _pending);

    /// <summary>The gateway acknowledged a message, or the broker dropped one it had queued: room for one more.</summary>
    public void Removed()
    {
        if (Interlocked.Decrement(ref _pending) < 0)
        {
            Interlocked.Exchange(ref _pending, 0);
        }

        ReleaseNext();
    }

    /// <summary>The gateway's session was deleted: whatever it held is gone, and so is the backlog.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _pending, 0);
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var turn))
            {
                turn.TrySetResult();
            }
        }
    }

    private void ReleaseNext()
    {
        lock (_gate)
        {
            if (Interlocked.Read(ref _pending) >= Limit)
            {
                return;
            }

            // A waiter whose publisher gave up is skipped; the turn goes to the next one.
            while (_waiting.TryDequeue(out var turn))
            {
                if (turn.TrySetResult())
                {
                    return;
                }
            }
        }
    }
}
