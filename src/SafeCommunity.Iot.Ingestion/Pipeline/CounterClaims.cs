using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Positioning;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// With a store shared by several gateways, a shard's replay window knows only the frames its own gateway saw, so its
/// verdict is not the last word: every frame it accepts or merges is claimed in the store (<see cref="FrameClaim"/>),
/// and this decides what becomes of the frames whose counter another gateway took first. One that reached both
/// gateways within the duplicate window is a duplicate: its receptions are merged with the stored ones into one uplink
/// and one location. Any other is a replay, refused.
/// </summary>
internal sealed class CounterClaims
{
    private readonly ReceptionLocator _locator;
    private readonly UplinkRejections _rejections;
    private readonly TimeSpan _duplicateWindow;

    public CounterClaims(ReceptionLocator locator, UplinkRejections rejections, IngestionOptions options)
    {
        _locator = locator;
        _rejections = rejections;
        _duplicateWindow = options.DuplicateWindow;
        Window = options.ReplayWindow;
    }

    /// <summary>The replay window's size, the same in the store as in the shards.</summary>
    public int Window { get; }

    public static FrameClaim ClaimOf(CommitItem.StoredUplink stored) =>
        new(stored.State.DeviceId, stored.Accepted.Frame.Counter, stored.Uplink.ReceivedAt, stored.Accepted.Receptions);

    /// <summary>
    /// What <paramref name="stored"/> becomes now that another gateway had its counter: a duplicate (merged into
    /// <paramref name="merges"/> when it is the device's newest frame) or a refused replay. Either way it raises nothing
    /// and stores no state or trail of its own: the gateway that took the counter stored those.
    /// </summary>
    public CommitItem Decide(CommitItem.StoredUplink stored, StoredFrame elsewhere, List<FrameMerge> merges)
    {
        var accepted = stored.Accepted;
        var counter = accepted.Frame.Counter;
        var newest = counter == elsewhere.LastCounter;
        var seen = newest || (counter < elsewhere.LastCounter && elsewhere.LastCounter - counter <= (uint)Window);
        var recent = stored.Uplink.ReceivedAt - elsewhere.LastAcceptedAt <= _duplicateWindow;

        // Judged as a shard judges, on the store's newest frame: the shard's own window may hold a frame the store refused.
        if (!(seen && recent))
        {
            return new CommitItem.RefusedUplink(stored.Uplink, accepted.Frame, elsewhere.LastCounter);
        }

        if (!newest)
        {
            return AsDuplicate(stored, accepted with { IsDuplicate = true });
        }

        var receptions = new List<Reception>(elsewhere.Receptions);
        foreach (var reception in accepted.Receptions)
        {
            if (!receptions.Exists(r => r.ReceiverId == reception.ReceiverId))
            {
                receptions.Add(reception);
            }
        }

        var location = _locator.Locate(accepted.Frame, receptions);

        // As within one gateway: without a current GNSS fix the frame was placed by its receivers, and more receivers place it better.
        merges.Add(new FrameMerge(stored.State.DeviceId, counter, receptions, location is { Source: not LocationSource.Gnss } ? location : null));
        return AsDuplicate(stored, accepted with { Receptions = receptions, Location = location, IsDuplicate = true });
    }

    /// <summary>Counts, logs and completes a refused frame, once its commit is stored.</summary>
    public void Refused(CommitItem.RefusedUplink refused) =>
        _rejections.Reject(refused.Uplink, UplinkOutcome.Replay, refused.Frame, refused.StoredCounter);

    private static CommitItem.StoredUplink AsDuplicate(CommitItem.StoredUplink stored, AcceptedUplink accepted) =>
        stored with { Outcome = UplinkOutcome.Duplicate, Trail = null, Accepted = accepted, Intents = null };
}
