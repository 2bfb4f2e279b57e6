using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.Diagnostics;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.History.Trails;

/// <summary>
/// A device's trail over any period: the embedded store for the recent part, InfluxDB for the older one. The store
/// holds every trail point since <c>Storage:TrailRetention</c> ago (pruning only deletes older ones), so the period is
/// cut at that moment: before it InfluxDB answers, from it on the store does. Each point comes from one side only, so
/// none is doubled, and the two parts meet at the cut, so none is missing. When InfluxDB cannot be read the recent part
/// still answers, with a warning that says what is missing.
/// </summary>
public sealed class TrailHistory
{
    private readonly IDeviceStateStore _states;
    private readonly ITelemetryArchive _archive;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<TrailHistory> _logger;

    /// <summary>Creates the reader over the store and the archive.</summary>
    public TrailHistory(IDeviceStateStore states, ITelemetryArchive archive, IOptions<StorageOptions> storage, TimeProvider time, ILogger<TrailHistory> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _states = states;
        _archive = archive;
        _retention = storage.Value.TrailRetention;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The trail with <paramref name="from"/> ≤ time ≤ <paramref name="until"/>, oldest first, at most
    /// <paramref name="limit"/> points (the newest ones).
    /// </summary>
    public async Task<HistoryTrail> ReadAsync(uint deviceId, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // The store keeps times to the millisecond: the cut is on a whole millisecond so that a point is on one side.
        var recentSince = WholeMilliseconds(_time.GetUtcNow() - _retention);
        var points = new List<HistoryPoint>();
        var truncated = false;
        if (until >= recentSince)
        {
            // One more than asked tells whether older points were left out.
            var recent = _states.GetTrail(deviceId, from > recentSince ? from : recentSince, until, limit + 1);
            truncated = recent.Count > limit;
            points.AddRange(recent.Skip(recent.Count - Math.Min(limit, recent.Count))
                .Select(p => new HistoryPoint(p.Location, p.ReceiverId, TrailOrigin.EmbeddedStore)));
        }

        var warnings = new List<string>();
        if (from < recentSince && !truncated)
        {
            // Up to the cut (exclusive), or to the end of the period (inclusive) when the whole period is older.
            var before = until < recentSince ? until.AddTicks(1) : recentSince;
            var room = limit - points.Count;
            var older = await _archive.PositionsAsync(deviceId, from, before, room + 1, cancellationToken);
            if (older.Failure is { } failure)
            {
                HistoryLog.ArchiveUnreadable(_logger, deviceId, recentSince, failure);
                warnings.Add(FormattableString.Invariant(
                    $"The trail before {recentSince:yyyy-MM-dd HH:mm:ss}Z (older than the {_retention.TotalDays:0.##} days the gateway keeps itself) is missing: {failure}. From then on the trail is complete."));
            }
            else
            {
                truncated = older.Items.Count > room;
                points.InsertRange(0, older.Items.Skip(older.Items.Count - Math.Min(room, older.Items.Count)));
            }
        }

        return new HistoryTrail(points, truncated, recentSince, warnings);
    }

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
