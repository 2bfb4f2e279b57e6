using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.History.Trails;

/// <summary>One point of a device's trail over any period.</summary>
/// <param name="Location">Where it was, with accuracy, source and time.</param>
/// <param name="ReceiverId">The receiver that heard it first; null for an InfluxDB point written before the gateway stored it there.</param>
/// <param name="Origin">The store it was read from.</param>
public sealed record HistoryPoint(Location Location, string? ReceiverId, TrailOrigin Origin);
