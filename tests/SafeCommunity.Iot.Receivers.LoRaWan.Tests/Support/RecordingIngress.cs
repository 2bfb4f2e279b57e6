using System.Collections.Concurrent;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// Stands in for the pipeline: records every raw uplink and completes it at once with <see cref="Outcome"/>, or holds
/// the completion while <see cref="HoldCompletions"/> is set (a pipeline that has not stored it yet).
/// </summary>
internal sealed class RecordingIngress : IUplinkIngress
{
    private readonly ConcurrentQueue<RawUplink> _received = new();
    private readonly ConcurrentQueue<RawUplink> _held = new();

    public bool HoldCompletions { get; set; }

    public UplinkOutcome Outcome { get; set; } = UplinkOutcome.Accepted;

    public IReadOnlyList<RawUplink> Received => [.. _received];

    public int Count => _received.Count;

    public ValueTask WriteAsync(RawUplink uplink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        cancellationToken.ThrowIfCancellationRequested();
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

        return ValueTask.CompletedTask;
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

    /// <summary>Waits until at least <paramref name="count"/> uplinks were received.</summary>
    public async Task<IReadOnlyList<RawUplink>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => _received.Count >= count, timeout ?? TimeSpan.FromSeconds(30), $"{count} uplinks to arrive (got {_received.Count})");
        return Received;
    }
}
