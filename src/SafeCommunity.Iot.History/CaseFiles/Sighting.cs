using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.History.Archive;

namespace SafeCommunity.Iot.History.CaseFiles;

/// <summary>One sighting of a stolen bike: a raised or updated event of its stolen-bike-sighted alarm.</summary>
/// <param name="Sequence">The event's sequence number.</param>
/// <param name="AlarmId">The alarm.</param>
/// <param name="Type">Raised (the first sighting of the alarm) or updated.</param>
/// <param name="At">When the receiver heard the bike.</param>
/// <param name="ReceiverIds">The receivers that heard it.</param>
/// <param name="SeenCommunityId">The community of the receiver, when enrolled.</param>
/// <param name="Location">Where the bike was placed, when it could be.</param>
/// <param name="Signal">How strongly the receiver heard it (from InfluxDB's reception points), when known.</param>
public sealed record Sighting(
    long Sequence,
    long AlarmId,
    AlarmEventType Type,
    DateTimeOffset At,
    IReadOnlyList<string> ReceiverIds,
    string? SeenCommunityId,
    Location? Location,
    ReceptionSignal? Signal);
