using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Verification;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>What one shard knows of one device between frames. Touched only by that shard's thread.</summary>
internal sealed class DeviceRuntimeState
{
    public DeviceRuntimeState(uint deviceId) => DeviceId = deviceId;

    public uint DeviceId { get; }

    public ReplayWindow Window;

    public DateTimeOffset LastAcceptedAt { get; set; }

    public DeviceStatusFlags Flags { get; set; }

    public byte Battery { get; set; } = 127;

    public DateTimeOffset LastSeen { get; set; }

    public string LastReceiverId { get; set; } = string.Empty;

    public Location? LastLocation { get; set; }

    /// <summary>Receptions of the latest accepted frame, kept to merge duplicates heard by other receivers.</summary>
    public List<Reception>? CurrentReceptions { get; set; }

    public RadioFrame CurrentFrame { get; set; }

    public Location? LastTrailLocation { get; set; }

    /// <summary>What the alarm rules remember of the device.</summary>
    public DeviceRuleState Rules { get; } = new();

    public static DeviceRuntimeState Restore(DeviceStateSnapshot snapshot)
    {
        var state = new DeviceRuntimeState(snapshot.DeviceId);
        state.TakeUp(snapshot);
        return state;
    }

    /// <summary>Becomes what <paramref name="snapshot"/> stored of the device (at a start, or written since by another gateway).</summary>
    public void TakeUp(DeviceStateSnapshot snapshot)
    {
        Window = ReplayWindow.Restore(snapshot.LastCounter, snapshot.SeenWindow);
        LastAcceptedAt = snapshot.LastAcceptedAt;
        Flags = snapshot.Flags;
        Battery = snapshot.Battery;
        LastSeen = snapshot.LastSeen;
        LastReceiverId = snapshot.LastReceiverId;
        LastLocation = snapshot.LastLocation;
        LastTrailLocation = snapshot.LastLocation;
        CurrentReceptions = null;

        // A condition already set before is not a new one.
        Rules.PreviousFlags = snapshot.Flags;
        Rules.LastHeard = snapshot.LastSeen;
        Rules.LastLocation = snapshot.LastLocation;
        Rules.Restore(snapshot.Rules);
    }

    public DeviceStateSnapshot ToSnapshot() => new(
        DeviceId, Window.LastCounter, Window.Seen, LastAcceptedAt, Flags, Battery, LastSeen, LastReceiverId, LastLocation, Rules.ToMemory());
}
