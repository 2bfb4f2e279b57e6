using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Core.State;

/// <summary>
/// A frame a gateway sharing its store with others is about to accept: the store takes the frame's counter into the
/// device's stored window only if no gateway has taken it yet, with one conditional update in the commit's
/// transaction (no read before the write), so a counter is accepted once in the whole cluster.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Counter">The frame's counter.</param>
/// <param name="ReceivedAt">When the gateway got it: the device's last accepted time when the counter is its newest.</param>
/// <param name="Receptions">The receptions the gateway has of it, kept with the newest frame so that another gateway hearing the same frame merges into it.</param>
public sealed record FrameClaim(uint DeviceId, uint Counter, DateTimeOffset ReceivedAt, IReadOnlyList<Reception> Receptions);

/// <summary>What the store holds of a device whose counter another gateway took first: enough to tell a duplicate reception from a replay.</summary>
/// <param name="LastCounter">The device's newest accepted counter.</param>
/// <param name="LastAcceptedAt">When that frame was accepted.</param>
/// <param name="Receptions">The receptions stored with that frame (all gateways' merged so far).</param>
public sealed record StoredFrame(uint LastCounter, DateTimeOffset LastAcceptedAt, IReadOnlyList<Reception> Receptions);

/// <summary>A frame heard by receivers of several gateways: its merged receptions, and the location they give when it has no current GNSS fix.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Counter">The frame's counter; the merge is stored only while it is still the device's newest.</param>
/// <param name="Receptions">Every reception of the frame.</param>
/// <param name="Location">The device's location from all of them, or null to keep the stored one.</param>
public sealed record FrameMerge(uint DeviceId, uint Counter, IReadOnlyList<Reception> Receptions, Geodesy.Location? Location);

/// <summary>
/// Decides, inside the commit's transaction and after the store has answered the batch's <see cref="StateAndAlarmBatch.Claims"/>,
/// what else the batch stores: the states, trail points and alarms of the frames whose claims won, merges for the
/// frames another gateway accepted first. Called once per batch: a failed commit retried keeps what the first answers decided.
/// </summary>
public interface IFrameClaimJudge
{
    /// <summary>Fills <paramref name="batch"/> from its <see cref="StateAndAlarmBatch.ClaimAnswers"/>.</summary>
    /// <param name="batch">The batch being committed.</param>
    void Judge(StateAndAlarmBatch batch);
}
