using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Alarms.Thefts;

/// <summary>
/// Takes bikes' theft and recovery reports: the one place that decides whether a bike has an open report, so two
/// reports of one bike made at the same moment give one report and one refusal. A singleton: gRPC services live for
/// one call, so a check-then-save guarded inside one lets both through. The store's unique index on open reports is
/// the last guard, against any other writer of the same database.
/// </summary>
public sealed class TheftDesk
{
    private readonly DeviceRegistry _registry;
    private readonly IAlarmStore _store;
    private readonly Lock _deciding = new();

    /// <summary>Creates the desk over the registry the alarm rules read and the store that keeps the reports.</summary>
    public TheftDesk(DeviceRegistry registry, IAlarmStore store)
    {
        _registry = registry;
        _store = store;
    }

    /// <summary>Stores <paramref name="report"/> (its id is given by the store) unless the bike has an open report.</summary>
    public TheftDecision ReportStolen(TheftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_deciding)
        {
            if (_registry.TryGetActiveTheft(report.DeviceId, out var open))
            {
                return TheftDecision.AlreadyOpen(open);
            }

            TheftReport saved;
            try
            {
                saved = _store.SaveTheft(report with { Id = 0 });
            }
            catch (TheftAlreadyReportedException)
            {
                // Another writer of the database reported it first; its report is not in this registry.
                return TheftDecision.AlreadyOpen(null);
            }

            _registry.ApplyTheft(saved);
            return TheftDecision.Saved(saved);
        }
    }

    /// <summary>Closes the bike's open report as recovered at <paramref name="at"/>, if it has one.</summary>
    public TheftDecision ReportRecovered(uint deviceId, DateTimeOffset at)
    {
        lock (_deciding)
        {
            if (!_registry.TryGetActiveTheft(deviceId, out var open))
            {
                return TheftDecision.NothingOpen;
            }

            var saved = _store.SaveTheft(open with { RecoveredAt = at });
            _registry.ApplyTheft(saved);
            return TheftDecision.Saved(saved);
        }
    }
}

/// <summary>What the desk did with a report.</summary>
/// <param name="Outcome">Stored, refused because one is open, or refused because none is.</param>
/// <param name="Report">The stored report, or the open one that refused it (null when another writer holds it).</param>
public sealed record TheftDecision(TheftOutcome Outcome, TheftReport? Report)
{
    /// <summary>The bike has no open report to recover.</summary>
    public static TheftDecision NothingOpen { get; } = new(TheftOutcome.NothingOpen, null);

    /// <summary>Stored as <paramref name="report"/>.</summary>
    public static TheftDecision Saved(TheftReport report) => new(TheftOutcome.Saved, report);

    /// <summary>Refused: <paramref name="open"/> is the bike's open report.</summary>
    public static TheftDecision AlreadyOpen(TheftReport? open) => new(TheftOutcome.AlreadyOpen, open);
}

/// <summary>How a theft or recovery report ended.</summary>
public enum TheftOutcome
{
    /// <summary>Stored.</summary>
    Saved,

    /// <summary>Refused: the bike already has an open report.</summary>
    AlreadyOpen,

    /// <summary>Refused: the bike has no open report to recover.</summary>
    NothingOpen,
}
