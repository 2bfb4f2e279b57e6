using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>A verified uplink on its way to the store, with what it changed.</summary>
internal sealed record CommitItem(
    RawUplink Uplink,
    UplinkOutcome Outcome,
    DeviceStateSnapshot State,
    TrailPoint? Trail,
    AcceptedUplink Accepted);
