using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.State;

/// <summary>One point of a device's recent trail.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Location">Where it was, with accuracy, source and time.</param>
/// <param name="ReceiverId">The receiver that heard it (the strongest, for a located-by-receivers point).</param>
public sealed record TrailPoint(uint DeviceId, Location Location, string ReceiverId);
