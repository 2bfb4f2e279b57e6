using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// What the gateway knows of a device after its latest accepted frame; what the embedded store keeps so that
/// counters, status and the last position survive a restart.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="LastCounter">The highest frame counter accepted.</param>
/// <param name="SeenWindow">Bit i set: counter <c>LastCounter − 1 − i</c> was accepted too (late frames accepted at most once).</param>
/// <param name="LastAcceptedAt">When the frame with <paramref name="LastCounter"/> was accepted.</param>
/// <param name="Flags">Status flags of the latest frame.</param>
/// <param name="Battery">Battery of the latest frame (0..100, or 127 unknown).</param>
/// <param name="LastSeen">When any receiver last heard a valid frame of it.</param>
/// <param name="LastReceiverId">The receiver that heard it last.</param>
/// <param name="LastLocation">Its last known position, if it ever had one.</param>
/// <param name="Rules">What the alarm rules remember of it, or null when they remember nothing beyond the frame.</param>
public sealed record DeviceStateSnapshot(
    uint DeviceId,
    uint LastCounter,
    ulong SeenWindow,
    DateTimeOffset LastAcceptedAt,
    DeviceStatusFlags Flags,
    byte Battery,
    DateTimeOffset LastSeen,
    string LastReceiverId,
    Location? LastLocation,
    DeviceRuleMemory? Rules = null);
