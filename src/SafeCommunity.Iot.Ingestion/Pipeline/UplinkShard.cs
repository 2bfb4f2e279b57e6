using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Ingestion.Verification;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>A raw uplink whose frame decoded, routed to the shard of its device.</summary>
internal readonly record struct ShardItem(RawUplink Uplink, RadioFrame Frame);

/// <summary>
/// Authenticates, replay-checks, merges and locates the frames of the devices whose id maps to this shard,
/// one at a time, so each device's frames are handled in order without locks.
/// </summary>
internal sealed class UplinkShard : IDisposable
{
    private readonly DeviceRegistry _registry;
    private readonly IngestionOptions _options;
    private readonly ReceptionLocator _locator;
    private readonly UplinkRejections _rejections;
    private readonly ILogger _logger;
    private readonly DeviceKeyCache _keys;
    private readonly Dictionary<uint, DeviceRuntimeState> _states = [];

    public UplinkShard(
        DeviceRegistry registry,
        IngestionOptions options,
        ReceptionLocator locator,
        UplinkRejections rejections,
        ILogger logger)
    {
        _registry = registry;
        _options = options;
        _locator = locator;
        _rejections = rejections;
        _logger = logger;
        _keys = new DeviceKeyCache(options.KeyCacheSize);
    }

    public int DeviceCount => _states.Count;

    public void Restore(DeviceStateSnapshot snapshot) => _states[snapshot.DeviceId] = DeviceRuntimeState.Restore(snapshot);

    public async Task RunAsync(ChannelReader<ShardItem> input, ChannelWriter<CommitItem> output)
    {
        await foreach (var item in input.ReadAllAsync().ConfigureAwait(false))
        {
            if (Process(item.Uplink, item.Frame) is { } commit)
            {
                await output.WriteAsync(commit).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Handles one frame; returns what to store, or null when it was rejected (and already completed).</summary>
    public CommitItem? Process(RawUplink uplink, in RadioFrame frame)
    {
        if (!_registry.TryGetDevice(frame.DeviceId, out var device))
        {
            _rejections.Reject(uplink, UplinkOutcome.UnknownDevice, frame);
            return null;
        }

        if (RadioFrameReader.VerifyMic(uplink.Payload.Span, _keys.Get(device)) != RadioFrameError.None)
        {
            _rejections.Reject(uplink, UplinkOutcome.BadMic, frame);
            return null;
        }

        if (!_states.TryGetValue(device.Id, out var state))
        {
            state = new DeviceRuntimeState(device.Id);
            _states.Add(device.Id, state);
        }

        var verdict = state.Window.Judge(frame.Counter, _options.ReplayWindow);
        return verdict switch
        {
            CounterVerdict.New => AcceptNew(device, state, uplink, frame),
            CounterVerdict.Late => AcceptLate(device, state, uplink, frame),
            CounterVerdict.Seen when uplink.ReceivedAt - state.LastAcceptedAt <= _options.DuplicateWindow =>
                MergeDuplicate(device, state, uplink, frame),
            _ => RejectReplay(uplink, frame, state),
        };
    }

    public void Dispose() => _keys.Dispose();

    private CommitItem AcceptNew(Device device, DeviceRuntimeState state, RawUplink uplink, in RadioFrame frame)
    {
        state.Window.Accept(frame.Counter);
        state.LastAcceptedAt = uplink.ReceivedAt;
        state.Flags = frame.Flags;
        state.Battery = frame.Battery;
        Heard(state, uplink);

        var receptions = new List<Reception>(2) { uplink.ToReception() };
        state.CurrentFrame = frame;
        state.CurrentReceptions = receptions;

        var location = _locator.Locate(frame, receptions);
        TrailPoint? trail = null;
        if (location is { } where)
        {
            state.LastLocation = where;
            trail = TakeTrailPoint(state, where, uplink.ReceiverId);
            LogLocated(device.Id, where);
        }

        return new CommitItem(
            uplink, UplinkOutcome.Accepted, state.ToSnapshot(), trail, new AcceptedUplink(device, frame, [.. receptions], location, IsDuplicate: false));
    }

    /// <summary>A late frame counts once (its alarm matters) but never moves the device back in time.</summary>
    private CommitItem AcceptLate(Device device, DeviceRuntimeState state, RawUplink uplink, in RadioFrame frame)
    {
        state.Window.Accept(frame.Counter);
        Heard(state, uplink);
        Reception[] receptions = [uplink.ToReception()];
        var location = _locator.Locate(frame, receptions);
        return new CommitItem(
            uplink, UplinkOutcome.Accepted, state.ToSnapshot(), null, new AcceptedUplink(device, frame, receptions, location, IsDuplicate: false));
    }

    /// <summary>Another receiver heard a frame already accepted: one uplink, one more reception, maybe a better position.</summary>
    private CommitItem MergeDuplicate(Device device, DeviceRuntimeState state, RawUplink uplink, in RadioFrame frame)
    {
        Heard(state, uplink);
        Location? location = null;
        Reception[] receptions;
        if (frame.Counter == state.Window.LastCounter && state.CurrentReceptions is { } current)
        {
            if (!current.Exists(r => r.ReceiverId == uplink.ReceiverId))
            {
                current.Add(uplink.ToReception());
            }

            receptions = [.. current];
            location = _locator.Locate(state.CurrentFrame, current);

            // Without a current GNSS fix the frame was placed by its receivers, and more receivers place it better.
            if (location is { Source: not LocationSource.Gnss } refined)
            {
                state.LastLocation = refined;
                LogLocated(device.Id, refined);
            }
        }
        else
        {
            receptions = [uplink.ToReception()];
        }

        return new CommitItem(
            uplink, UplinkOutcome.Duplicate, state.ToSnapshot(), null, new AcceptedUplink(device, frame, receptions, location, IsDuplicate: true));
    }

    private CommitItem? RejectReplay(RawUplink uplink, in RadioFrame frame, DeviceRuntimeState state)
    {
        _rejections.Reject(uplink, UplinkOutcome.Replay, frame, state.Window.LastCounter);
        return null;
    }

    private static void Heard(DeviceRuntimeState state, RawUplink uplink)
    {
        if (uplink.ReceivedAt >= state.LastSeen)
        {
            state.LastSeen = uplink.ReceivedAt;
            state.LastReceiverId = uplink.ReceiverId;
        }
    }

    private TrailPoint? TakeTrailPoint(DeviceRuntimeState state, Location location, string receiverId)
    {
        if (state.LastTrailLocation is { } last &&
            last.Source == location.Source &&
            location.At - last.At < _options.TrailMinInterval &&
            LocalGeodesy.DistanceMetres(last.Point, location.Point) < _options.TrailMinDistanceMetres)
        {
            return null;
        }

        state.LastTrailLocation = location;
        return new TrailPoint(state.DeviceId, location, receiverId);
    }

    private void LogLocated(uint deviceId, Location location)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            IngestionLog.Located(_logger, deviceId, location.Point.ToString(), location.AccuracyMetres, location.Source.ToString());
        }
    }
}
