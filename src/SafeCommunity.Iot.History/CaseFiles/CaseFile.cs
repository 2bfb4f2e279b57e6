using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.History.Trails;

namespace SafeCommunity.Iot.History.CaseFiles;

/// <summary>What a detective attaches to a theft case: the report, the sightings, the trail and the map's context.</summary>
/// <param name="Device">The bike's chip.</param>
/// <param name="Community">The bike's home community.</param>
/// <param name="Report">The theft report.</param>
/// <param name="From">The period's start.</param>
/// <param name="Until">The period's end.</param>
/// <param name="Sightings">Every sighting in the period, oldest first (the newest <see cref="CaseFileBuilder.MaxSightings"/>).</param>
/// <param name="SightingsTruncated">Whether older sightings were left out.</param>
/// <param name="Trail">The trail over the period.</param>
/// <param name="Receivers">The receivers that heard the bike in the period (sightings and trail).</param>
/// <param name="Geofences">The fences of the communities involved (home and seen), for the map.</param>
/// <param name="Warnings">What the case file could not include, and why.</param>
/// <param name="GeneratedAt">When it was built.</param>
/// <param name="GeneratedBy">For whom (the token's name).</param>
public sealed record CaseFile(
    Device Device,
    Community? Community,
    TheftReport Report,
    DateTimeOffset From,
    DateTimeOffset Until,
    IReadOnlyList<Sighting> Sightings,
    bool SightingsTruncated,
    HistoryTrail Trail,
    IReadOnlyList<Receiver> Receivers,
    IReadOnlyList<Geofence> Geofences,
    IReadOnlyList<string> Warnings,
    DateTimeOffset GeneratedAt,
    string GeneratedBy)
{
    /// <summary>The time zone the case file shows times in: the community's (default Asia/Shanghai).</summary>
    public TimeZoneInfo TimeZone => Community.ZoneOf(Community);
}
