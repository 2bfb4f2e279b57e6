using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>
/// A verified frame and what it did, handed to what comes after the pipeline (alarm rules, telemetry) once it
/// is stored.
/// </summary>
/// <param name="Device">The device that sent it.</param>
/// <param name="Frame">The decoded, authenticated frame.</param>
/// <param name="Receptions">Every receiver that heard it so far (several for a merged duplicate).</param>
/// <param name="Location">Where the device was, when it could be worked out.</param>
/// <param name="IsDuplicate">True when this is a later reception of a frame already handed on: it may refine the location, nothing more.</param>
public sealed record AcceptedUplink(
    Device Device,
    RadioFrame Frame,
    IReadOnlyList<Reception> Receptions,
    Location? Location,
    bool IsDuplicate)
{
    /// <summary>When the first receiver heard it.</summary>
    public DateTimeOffset ReceivedAt => Receptions[0].ReceivedAt;
}
