using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Geofences.Catalog;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.Diagnostics;
using SafeCommunity.Iot.History.Trails;

namespace SafeCommunity.Iot.History.CaseFiles;

/// <summary>
/// Gathers a stolen bike's case file: its theft report, every sighting of the report's stolen-bike-sighted alarms in
/// the period (their raised and updated events, with InfluxDB's signal strength of each reception), the trail, the
/// receivers that heard it and the fences of the communities involved. Scope checks are the caller's: this reads what
/// it is asked for.
/// </summary>
public sealed class CaseFileBuilder
{
    /// <summary>The most sightings one case file lists (the newest are kept).</summary>
    public const int MaxSightings = 10_000;

    // A theft can open several alarms over time (one is resolved, the next sighting opens another).
    private const int MaxAlarmsPerTheft = 1000;

    private readonly DeviceRegistry _registry;
    private readonly IAlarmStore _alarms;
    private readonly TrailHistory _trails;
    private readonly ITelemetryArchive _archive;
    private readonly GeofenceCatalog _geofences;
    private readonly TimeProvider _time;
    private readonly ILogger<CaseFileBuilder> _logger;

    /// <summary>Creates the builder.</summary>
    public CaseFileBuilder(
        DeviceRegistry registry, IAlarmStore alarms, TrailHistory trails, ITelemetryArchive archive, GeofenceCatalog geofences, TimeProvider time,
        ILogger<CaseFileBuilder> logger)
    {
        _registry = registry;
        _alarms = alarms;
        _trails = trails;
        _archive = archive;
        _geofences = geofences;
        _time = time;
        _logger = logger;
    }

    /// <summary>The case file of <paramref name="device"/>'s theft <paramref name="report"/> over the period, for <paramref name="generatedBy"/>.</summary>
    public async Task<CaseFile> BuildAsync(
        Device device, TheftReport report, DateTimeOffset from, DateTimeOffset until, string generatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(report);
        var warnings = new List<string>();
        var (sightings, truncated) = ReadSightings(device, report, from, until);
        sightings = await WithSignalsAsync(device, sightings, from, until, warnings, cancellationToken);
        var trail = await _trails.ReadAsync(device.Id, from, until, TrailPeriod.MaxPoints, cancellationToken);
        warnings.InsertRange(0, trail.Warnings);

        var receiverIds = sightings.SelectMany(s => s.ReceiverIds).Concat(trail.Points.Select(p => p.ReceiverId).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var receivers = receiverIds.Select(id => _registry.TryGetReceiver(id, out var receiver) ? receiver : null).OfType<Receiver>().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var communities = sightings.Select(s => s.SeenCommunityId).OfType<string>().Append(device.CommunityId).ToHashSet(StringComparer.Ordinal);
        var fences = _geofences.Fences.Where(f => Concerns(f.Assignment, device, communities)).ToList();
        _registry.TryGetCommunity(device.CommunityId, out var community);

        var caseFile = new CaseFile(
            device, community, report, from, until, sightings, truncated, trail, receivers, fences, warnings, _time.GetUtcNow(), generatedBy);
        HistoryLog.CaseFileBuilt(_logger, device.Id, report.Id, generatedBy, sightings.Count, trail.Points.Count, warnings.Count);
        return caseFile;
    }

    private static bool Concerns(GeofenceAssignment assignment, Device device, HashSet<string> communities) => assignment switch
    {
        DeviceAssignment one => one.DeviceId == device.Id,
        KindAssignment kind => communities.Contains(kind.CommunityId),
        CommunityBoundaryAssignment boundary => communities.Contains(boundary.CommunityId),
        _ => false,
    };

    private (List<Sighting> Sightings, bool Truncated) ReadSightings(Device device, TheftReport report, DateTimeOffset from, DateTimeOffset until)
    {
        var conditionKey = FormattableString.Invariant($"theft:{report.Id}");
        var alarms = _alarms.ListAlarms(new AlarmQuery(null, [device.Id], [AlarmKind.StolenBikeSighted], null, false, null, MaxAlarmsPerTheft))
            .Where(a => string.Equals(a.ConditionKey, conditionKey, StringComparison.Ordinal));
        var sightings = alarms
            .SelectMany(a => _alarms.EventsOf(a.Id))
            .Where(e => e.Type is AlarmEventType.Raised or AlarmEventType.Updated && e.At >= from && e.At <= until)
            .OrderBy(e => e.Sequence)
            .Select(e => new Sighting(e.Sequence, e.Alarm.Id, e.Type, e.At, e.Alarm.ReceiverIds, e.Alarm.SeenCommunityId, e.Alarm.Location, null))
            .ToList();
        var truncated = sightings.Count > MaxSightings;
        return (truncated ? sightings[^MaxSightings..] : sightings, truncated);
    }

    /// <summary>
    /// Each sighting with the signal of its reception: the <c>reception</c> point of the same receiver at the same
    /// millisecond (the alarm event keeps the reception's time to the millisecond, the point to the nanosecond).
    /// </summary>
    private async Task<List<Sighting>> WithSignalsAsync(
        Device device, List<Sighting> sightings, DateTimeOffset from, DateTimeOffset until, List<string> warnings, CancellationToken cancellationToken)
    {
        if (sightings.Count == 0)
        {
            return sightings;
        }

        var receivers = sightings.Where(s => s.ReceiverIds.Count > 0).Select(s => s.ReceiverIds[0]).ToHashSet(StringComparer.Ordinal);
        var answer = await _archive.ReceptionsAsync(device.Id, receivers, from, until.AddMilliseconds(1), MaxSightings, cancellationToken);
        if (answer.Failure is { } failure)
        {
            HistoryLog.SignalsUnreadable(_logger, device.Id, failure);
            warnings.Add($"Signal strengths are missing: they come from InfluxDB's reception points, and {failure}.");
            return sightings;
        }

        var byMoment = answer.Items
            .GroupBy(s => (s.ReceiverId, Millisecond: s.At.UtcTicks / TimeSpan.TicksPerMillisecond))
            .ToDictionary(g => g.Key, g => g.First());
        return sightings
            .Select(s => s.ReceiverIds.Count > 0 && byMoment.TryGetValue((s.ReceiverIds[0], s.At.UtcTicks / TimeSpan.TicksPerMillisecond), out var signal)
                ? s with { Signal = signal }
                : s)
            .ToList();
    }
}
