using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Alarms.Rules;

/// <summary>
/// What the rules remember of one device between frames. Owned by one pipeline shard; what outlives the shard (latches,
/// geofence crossings, a silence reported) is stored with the device's state (<see cref="ToMemory"/>, <see cref="Restore"/>).
/// </summary>
public sealed class DeviceRuleState
{
    /// <summary>Status flags of the previous frame, to see a condition start (a rising flag).</summary>
    public DeviceStatusFlags PreviousFlags { get; set; }

    /// <summary>Low battery was reported and the battery has not recovered since.</summary>
    public bool LowBatteryLatched { get; set; }

    /// <summary>Where an armed bike was when it was first located armed.</summary>
    public Location? ArmedAt { get; set; }

    /// <summary>When the device was last heard.</summary>
    public DateTimeOffset LastHeard { get; set; }

    /// <summary>Whether "silent too long" was raised for the current silence.</summary>
    public bool SilentRaised { get; set; }

    /// <summary>The device's latest position.</summary>
    public Location? LastLocation { get; set; }

    /// <summary>Pending and confirmed geofence crossings.</summary>
    public DeviceFenceState Fences { get; } = new();

    /// <summary>Times of recent forged or replayed frames, oldest first.</summary>
    public Queue<DateTimeOffset>? Suspicious { get; set; }

    /// <summary>What of this is stored with the device's state; null when there is nothing to remember (most devices, most of the time).</summary>
    public DeviceRuleMemory? ToMemory()
    {
        if (!LowBatteryLatched && ArmedAt is null && !SilentRaised && Fences.Count == 0)
        {
            return null;
        }

        var trackers = Fences.Trackers;
        var fences = trackers.Length == 0 ? [] : new FenceCrossingMemory[trackers.Length];
        for (var i = 0; i < trackers.Length; i++)
        {
            var tracker = trackers[i];
            fences[i] = new FenceCrossingMemory(
                tracker.FenceId, tracker.Mode == GeofenceMode.KeepOut, tracker.Phase == TrackerPhase.Confirmed, tracker.WrongSideFixes,
                tracker.WrongSideSince, tracker.LastWrongSidePoint, tracker.LastFixWasWrongSide);
        }

        return new DeviceRuleMemory { LowBatteryLatched = LowBatteryLatched, ArmedAt = ArmedAt, SilentRaised = SilentRaised, Fences = fences };
    }

    /// <summary>Takes up the memory stored with the device's state (nothing to take up when null).</summary>
    public void Restore(DeviceRuleMemory? memory)
    {
        LowBatteryLatched = memory?.LowBatteryLatched ?? false;
        ArmedAt = memory?.ArmedAt;
        SilentRaised = memory?.SilentRaised ?? false;
        if (memory is null || memory.Fences.Count == 0)
        {
            Fences.Clear();
            return;
        }

        Fences.Restore(memory.Fences.Select(static fence => GeofenceTracker.Restore(
            fence.FenceId, fence.KeepOut ? GeofenceMode.KeepOut : GeofenceMode.KeepIn, fence.Confirmed, fence.WrongSideFixes,
            fence.WrongSideSince, fence.LastWrongSidePoint, fence.LastFixWasWrongSide)));
    }
}
