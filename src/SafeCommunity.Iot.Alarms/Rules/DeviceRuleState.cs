using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Alarms.Rules;

/// <summary>What the rules remember of one device between frames. Owned by one pipeline shard.</summary>
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
}
