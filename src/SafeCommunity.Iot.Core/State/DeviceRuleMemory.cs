using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// What the alarm rules remember of a device that its latest frame does not say: stored with the device's state, so a
/// restarted gateway, or another gateway sharing the store, carries on where the last one left off (a pending
/// geofence crossing still confirms by time, a silence already reported is not reported again).
/// </summary>
public sealed record DeviceRuleMemory
{
    /// <summary>Low battery was reported and the battery has not recovered since.</summary>
    public bool LowBatteryLatched { get; init; }

    /// <summary>Where an armed bike was when it was first located armed.</summary>
    public Location? ArmedAt { get; init; }

    /// <summary>Whether "silent too long" was raised for the silence since the device was last heard.</summary>
    public bool SilentRaised { get; init; }

    /// <summary>Geofence crossings pending or confirmed.</summary>
    public IReadOnlyList<FenceCrossingMemory> Fences { get; init; } = [];
}

/// <summary>A geofence crossing a device is part way through (pending) or has made (confirmed, until it is back on the right side).</summary>
/// <param name="FenceId">The fence.</param>
/// <param name="KeepOut">Whether the fence was a keep-out fence when the crossing started (else keep-in).</param>
/// <param name="Confirmed">Whether the crossing was confirmed (else pending).</param>
/// <param name="WrongSideFixes">Consecutive wrong-side fixes so far.</param>
/// <param name="WrongSideSince">When the first of them came.</param>
/// <param name="LastWrongSidePoint">The latest wrong-side position.</param>
/// <param name="LastFixWasWrongSide">Whether the latest fix was decided on the wrong side (time confirms only then).</param>
public sealed record FenceCrossingMemory(
    string FenceId,
    bool KeepOut,
    bool Confirmed,
    int WrongSideFixes,
    DateTimeOffset WrongSideSince,
    GeoPoint LastWrongSidePoint,
    bool LastFixWasWrongSide);

/// <summary>A device's rule memory changed by the clock, not by a frame (<see cref="StateAndAlarmBatch.RuleMemories"/>).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="HeardAt">When the device was last heard, as the rules knew it.</param>
/// <param name="Memory">The memory (null: nothing to remember).</param>
public sealed record RuleMemoryUpdate(uint DeviceId, DateTimeOffset HeardAt, DeviceRuleMemory? Memory);
