using System.Collections.Concurrent;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// Stands in for the pipeline: records every raw uplink and completes it at once with <see cref="Outcome"/>, or holds
/// the completion while <see cref="HoldCompletions"/> is set (a pipeline that has not stored it yet). While
/// <see cref="BlockRoutine"/> is set, a routine frame's write waits (its lane is full) and an alarm's does not.
/// </summary>
internal sealed class RecordingIngress : IUplinkIngress
{
    private readonly ConcurrentQueue<RawUplink> _received = new();
    private readonly ConcurrentQueue<RawUplink> _held = new();
    private TaskCompletionSource _routineRoom = CompletedRoom();
    private int _waitingRoutine;

    public bool HoldCompletions { get; set; }

    public UplinkOutcome Outcome { get; set; } = UplinkOutcome.Accepted;

    public IReadOnlyList<RawUplink> Received => [.. _received];

    public int Count => _received.Count;

    /// <summary>Whether routine frames wait for room, as in a pipeline whose routine lane is full.</summary>
    public bool BlockRoutine
    {
        get => !_routineRoom.Task.IsCompleted;
        set
        {
            if (value)
            {
                _routineRoom = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else
            {
                _routineRoom.TrySetResult();
            }
        }
    }

    /// <summary>Routine writes waiting for room now.</summary>
    public int WaitingRoutine => Volatile.Read(ref _waitingRoutine);

    public async ValueTask WriteAsync(RawUplink uplink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        cancellationToken.ThrowIfCancellationRequested();
        if (!RadioFrameReader.IsAlarmEvent(uplink.Payload.Span) && !_routineRoom.Task.IsCompleted)
        {
            Interlocked.Increment(ref _waitingRoutine);
            try
            {
                await _routineRoom.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waitingRoutine);
            }
        }

        _received.Enqueue(uplink);
        if (HoldCompletions)
        {
            _held.Enqueue(uplink);
        }
        else
        {
            // The real pipeline completes later, from its commit thread.
            var outcome = Outcome;
            _ = Task.Run(() => uplink.Completion?.Complete(outcome), CancellationToken.None);
        }
    }

    /// <summary>Completes every held uplink.</summary>
    public int ReleaseHeld(UplinkOutcome outcome)
    {
        var released = 0;
        while (_held.TryDequeue(out var uplink))
        {
            uplink.Completion?.Complete(outcome);
            released++;
        }

        return released;
    }

    private static TaskCompletionSource CompletedRoom()
    {
        var room = new TaskCompletionSource();
        room.SetResult();
        return room;
    }

    /// <summary>Waits until at least <paramref name="count"/> uplinks were received.</summary>
    public async Task<IReadOnlyList<RawUplink>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => _received.Count >= count, timeout ?? TimeSpan.FromSeconds(30), $"{count} uplinks to arrive (got {_received.Count})");
        return Received;
    }
}
