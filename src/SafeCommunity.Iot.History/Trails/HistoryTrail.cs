namespace SafeCommunity.Iot.History.Trails;

/// <summary>A device's trail over a period, oldest first, and what the answer could not include.</summary>
/// <param name="Points">The points, oldest first, each once.</param>
/// <param name="Truncated">Whether older points of the period were left out by the point limit.</param>
/// <param name="RecentSince">From this time on the points come from the embedded store; before it, from InfluxDB.</param>
/// <param name="Warnings">Why a part of the period may be missing (InfluxDB unreachable, not configured); empty when the trail is whole.</param>
public sealed record HistoryTrail(
    IReadOnlyList<HistoryPoint> Points,
    bool Truncated,
    DateTimeOffset RecentSince,
    IReadOnlyList<string> Warnings);
