using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;

/// <summary>
/// Downlink commands waiting for their acknowledgement, at most <see cref="LoRaWanOptions.MaxPendingDownlinks"/>. As an
/// <see cref="IUplinkObserver"/> it sees every stored uplink (whatever receiver heard it) and completes the command
/// whose (device, downlink counter) a CommandAck names. It depends on nothing of the pipeline, so the pipeline can
/// take it as an observer while the <see cref="DownlinkSender"/> depends on the receiver that feeds the pipeline.
/// </summary>
public sealed class PendingDownlinks : IUplinkObserver
{
    private readonly ConcurrentDictionary<(uint DeviceId, uint Counter), PendingCommand> _pending = new();
    private readonly int _capacity;
    private readonly ILogger<PendingDownlinks> _logger;
    private int _count;

    /// <summary>Creates the table.</summary>
    public PendingDownlinks(IOptions<LoRaWanOptions> options, ILogger<PendingDownlinks> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.MaxPendingDownlinks;
        _logger = logger;
    }

    /// <summary>Commands waiting now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes the command a stored CommandAck answers. Runs on the pipeline's commit thread: quick, never blocks.</summary>
    public void OnStored(AcceptedUplink uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        var frame = uplink.Frame;
        if (uplink.IsDuplicate || frame.Type != FrameType.CommandAck ||
            !_pending.TryGetValue((uplink.Device.Id, frame.AckedCounter), out var pending))
        {
            return;
        }

        if (frame.Command != pending.Command)
        {
            LoRaWanLog.DownlinkAckCommandMismatch(_logger, uplink.Device.Id, frame.AckedCounter, frame.Command, pending.Command);
        }

        pending.Complete(frame.Result);
    }

    /// <summary>Reserves a place; false when <see cref="LoRaWanOptions.MaxPendingDownlinks"/> commands already wait.</summary>
    internal bool TryReserve()
    {
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    /// <summary>Gives a reservation back.</summary>
    internal void Release() => Interlocked.Decrement(ref _count);

    /// <summary>Starts waiting for the acknowledgement of (device, counter), in a reserved place.</summary>
    internal PendingCommand Add(uint deviceId, uint counter, DownlinkCommandCode command)
    {
        var pending = new PendingCommand(deviceId, counter, command);
        _pending[(deviceId, counter)] = pending;
        return pending;
    }

    /// <summary>Stops waiting (acknowledged, timed out, cancelled or not sent).</summary>
    internal void Remove(PendingCommand pending) =>
        _pending.TryRemove(new KeyValuePair<(uint, uint), PendingCommand>((pending.DeviceId, pending.Counter), pending));

    /// <summary>One command waiting for its acknowledgement.</summary>
    internal sealed class PendingCommand(uint deviceId, uint counter, DownlinkCommandCode command)
    {
        private readonly TaskCompletionSource<CommandResult> _acknowledgement = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public uint DeviceId { get; } = deviceId;

        public uint Counter { get; } = counter;

        public DownlinkCommandCode Command { get; } = command;

        public Task<CommandResult> Acknowledgement => _acknowledgement.Task;

        public void Complete(CommandResult result) => _acknowledgement.TrySetResult(result);
    }
}
