using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.History.Diagnostics;

namespace SafeCommunity.Iot.History.Reports;

/// <summary>
/// Counts a community's alarms of a period into a <see cref="CommunityReport"/>. It reads the stored alarms as they
/// are now (each one's raising, acknowledgement, resolution and escalation), a page at a time, so a year of alarms
/// is never held at once. Scope checks are the caller's.
/// </summary>
public sealed class CommunityReportBuilder
{
    private const int PageSize = 5_000;

    private readonly IAlarmStore _alarms;
    private readonly TimeProvider _time;
    private readonly ILogger<CommunityReportBuilder> _logger;

    /// <summary>Creates the builder.</summary>
    public CommunityReportBuilder(IAlarmStore alarms, TimeProvider time, ILogger<CommunityReportBuilder> logger)
    {
        _alarms = alarms;
        _time = time;
        _logger = logger;
    }

    /// <summary>The report of <paramref name="community"/> over <paramref name="period"/>, for <paramref name="generatedBy"/>.</summary>
    public CommunityReport Build(Community community, ReportPeriod period, string generatedBy)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(period);
        var now = _time.GetUtcNow();
        var tally = new Tally(period, now);
        var query = new AlarmQuery([community.Id], null, null, null, false, null, PageSize) { RaisedFrom = period.From, RaisedBefore = period.Until };
        while (true)
        {
            var page = _alarms.ListAlarms(query);
            foreach (var alarm in page)
            {
                tally.Add(alarm);
            }

            if (page.Count < PageSize)
            {
                break;
            }

            query = query with { BeforeId = page[^1].Id };
        }

        var report = tally.Report(community, generatedBy);
        HistoryLog.CommunityReportBuilt(_logger, community.Id, period.FirstDay, period.LastDay, generatedBy, report.Raised);
        return report;
    }

    /// <summary>The counts so far.</summary>
    private sealed class Tally(ReportPeriod period, DateTimeOffset now)
    {
        private readonly Dictionary<AlarmKind, int> _byKind = [];
        private readonly Dictionary<DateOnly, int> _perDay = [];
        private readonly List<TimeSpan> _acknowledge = [];
        private readonly List<TimeSpan> _resolve = [];
        private readonly Dictionary<uint, DeviceIncidents> _silent = [];
        private readonly Dictionary<uint, DeviceIncidents> _lowBattery = [];
        private readonly Dictionary<string, ReceiverOutages> _receivers = new(StringComparer.Ordinal);
        private int _raised;
        private int _unanswered;
        private int _cleared;
        private int _escalated;

        public void Add(Alarm alarm)
        {
            _raised++;
            _byKind[alarm.Kind] = _byKind.GetValueOrDefault(alarm.Kind) + 1;
            var day = period.DayOf(alarm.FirstSeen);
            _perDay[day] = _perDay.GetValueOrDefault(day) + 1;
            if (alarm.EscalatedAt is not null)
            {
                _escalated++;
            }

            CountAnswer(alarm);
            CountIncident(alarm);
        }

        public CommunityReport Report(Community community, string generatedBy) => new(
            community,
            period,
            _raised,
            [.. _byKind.OrderByDescending(k => k.Value).ThenBy(k => k.Key).Select(k => new KindCount(k.Key, k.Value))],
            [.. period.EachDay().Select(day => new DayCount(day, _perDay.GetValueOrDefault(day)))],
            ResponseTimes.Of(_acknowledge),
            ResponseBucket.Distribution(_acknowledge),
            ResponseTimes.Of(_resolve),
            _unanswered,
            _cleared,
            _escalated,
            MostFirst(_silent.Values),
            MostFirst(_lowBattery.Values),
            [.. _receivers.Values.OrderByDescending(r => r.Down).ThenBy(r => r.ReceiverId, StringComparer.Ordinal)],
            now,
            generatedBy);

        private static List<DeviceIncidents> MostFirst(IEnumerable<DeviceIncidents> devices) =>
            [.. devices.OrderByDescending(d => d.Alarms).ThenBy(d => d.DeviceId)];

        // The gateway resolves an alarm itself (no actor) when its cause ends; that is not a person's answer.
        private void CountAnswer(Alarm alarm)
        {
            var resolvedByPerson = alarm.ResolvedAt is not null && alarm.ResolvedBy is not null;
            if (alarm.AcknowledgedAt is { } acknowledged)
            {
                _acknowledge.Add(acknowledged - alarm.FirstSeen);
            }
            else if (resolvedByPerson)
            {
                _acknowledge.Add(alarm.ResolvedAt!.Value - alarm.FirstSeen);
            }
            else if (alarm.ResolvedAt is not null)
            {
                _cleared++;
            }
            else
            {
                _unanswered++;
            }

            if (resolvedByPerson)
            {
                _resolve.Add(alarm.ResolvedAt!.Value - alarm.FirstSeen);
            }
        }

        private void CountIncident(Alarm alarm)
        {
            switch (alarm.Kind)
            {
                case AlarmKind.SilentTooLong when alarm.DeviceId is { } device:
                    Count(_silent, device, alarm.Subject);
                    break;
                case AlarmKind.LowBattery when alarm.DeviceId is { } device:
                    Count(_lowBattery, device, alarm.Subject);
                    break;
                case AlarmKind.ReceiverSilent when alarm.ReceiverId is { } receiver:
                    var end = alarm.ResolvedAt is { } heardAgain && heardAgain < period.Until ? heardAgain : Min(now, period.Until);
                    var down = end > alarm.FirstSeen ? end - alarm.FirstSeen : TimeSpan.Zero;
                    _receivers[receiver] = _receivers.TryGetValue(receiver, out var known)
                        ? known with { Outages = known.Outages + 1, Down = known.Down + down, DownNow = known.DownNow || alarm.IsActive }
                        : new ReceiverOutages(receiver, alarm.Subject, 1, down, alarm.IsActive);
                    break;
            }
        }

        private static void Count(Dictionary<uint, DeviceIncidents> devices, uint device, string label) =>
            devices[device] = devices.TryGetValue(device, out var known) ? known with { Alarms = known.Alarms + 1 } : new DeviceIncidents(device, label, 1);

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }
}
