using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.History.Reports;
using SafeCommunity.Iot.History.Tests.Support;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.History.Tests.Reports;

/// <summary>
/// Three days of Wufu's alarms, counted as the bureau reads them: by the police room's own days (Asia/Shanghai,
/// UTC+8), answers by people only, the gateway's own clearing apart.
/// </summary>
public sealed class CommunityReportBuilderTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = Local(3, 22, 0);
    private readonly InMemoryStore _store = new();
    private long _sequence;

    [Fact]
    public void Build_ThreeDays_CountsKindsDaysAnswersEscalationsDevicesAndReceiversOfTheCommunityOnly()
    {
        Raise(1, AlarmKind.Sos, Local(1, 8, 0), a => a with { State = AlarmState.Resolved, AcknowledgedAt = a.FirstSeen.AddSeconds(60), AcknowledgedBy = "post", ResolvedAt = a.FirstSeen.AddMinutes(10), ResolvedBy = "post" });
        // 07:00 in Wufu is still the day before in UTC: it counts on Wufu's 2nd.
        Raise(2, AlarmKind.Fall, Local(2, 7, 0), a => a with { State = AlarmState.Resolved, AcknowledgedAt = a.FirstSeen.AddSeconds(30), AcknowledgedBy = "post", ResolvedAt = a.FirstSeen.AddHours(2), ResolvedBy = "post" });
        Raise(3, AlarmKind.LowBattery, Local(2, 9, 0), a => a with { DeviceId = 570425346, Subject = "李爷爷 (Grandpa Li)", State = AlarmState.Resolved, ResolvedAt = a.FirstSeen.AddHours(5) });
        Raise(4, AlarmKind.SilentTooLong, Local(3, 6, 0), a => a with { DeviceId = 570425363, Subject = "陈奶奶 (Grandma Chen)", EscalatedAt = a.FirstSeen.AddMinutes(15) });
        // Resolved at once by a person, never acknowledged: that is the answer.
        Raise(5, AlarmKind.Sos, Local(3, 9, 0), a => a with { State = AlarmState.Resolved, ResolvedAt = a.FirstSeen.AddMinutes(5), ResolvedBy = "post" });
        Raise(6, AlarmKind.ReceiverSilent, Local(3, 10, 0), a => Gate(a) with { State = AlarmState.Resolved, ResolvedAt = a.FirstSeen.AddHours(2) });
        Raise(7, AlarmKind.ReceiverSilent, Local(3, 20, 0), Gate);
        // Tiangu's bike sighted at Wufu's gate: Wufu's police room was shown it.
        Raise(10, AlarmKind.StolenBikeSighted, Local(2, 12, 0), a => a with { HomeCommunityId = "tiangu", SeenCommunityId = "wufu", State = AlarmState.Acknowledged, AcknowledgedAt = a.FirstSeen.AddMinutes(3), AcknowledgedBy = "post" });
        Raise(8, AlarmKind.Sos, Local(2, 12, 0), a => a with { HomeCommunityId = "tiangu", SeenCommunityId = "tiangu" });
        Raise(9, AlarmKind.Sos, Local(1, 0, 0).AddSeconds(-1), a => a with { State = AlarmState.Resolved, ResolvedAt = a.FirstSeen.AddMinutes(1), ResolvedBy = "post" });

        var report = Build(1, 3);

        Assert.Equal(8, report.Raised);
        Assert.Equal([(AlarmKind.Sos, 2), (AlarmKind.ReceiverSilent, 2), (AlarmKind.Fall, 1), (AlarmKind.StolenBikeSighted, 1), (AlarmKind.SilentTooLong, 1), (AlarmKind.LowBattery, 1)],
            report.ByKind.Select(k => (k.Kind, k.Alarms)));
        Assert.Equal([(Day(1), 1), (Day(2), 3), (Day(3), 4)], report.PerDay.Select(d => (d.Day, d.Alarms)));
        Assert.Equal(new ResponseTimes(4, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), report.Acknowledge);
        Assert.Equal(new ResponseTimes(3, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), TimeSpan.FromHours(2)), report.Resolve);
        Assert.Equal([0, 1, 1, 1, 1, 0, 0, 0], report.AcknowledgeDistribution.Select(b => b.Alarms));
        Assert.Equal(2, report.Unanswered);
        Assert.Equal(2, report.ClearedByGateway);
        Assert.Equal(1, report.Escalated);
        Assert.Equal([new DeviceIncidents(570425363, "陈奶奶 (Grandma Chen)", 1)], report.SilentDevices);
        Assert.Equal([new DeviceIncidents(570425346, "李爷爷 (Grandpa Li)", 1)], report.LowBatteryDevices);
        // Two hours until heard again, and two hours so far of the outage still going on.
        Assert.Equal([new ReceiverOutages("wufu-gate-north", "五福北门", 2, TimeSpan.FromHours(4), DownNow: true)], report.ReceiversDown);
        Assert.Equal(Now, report.GeneratedAt);
    }

    [Fact]
    public void Build_ManyPages_CountsEveryAlarmOnce()
    {
        const int alarms = 12_345;
        var batch = new StateAndAlarmBatch();
        for (var id = 1; id <= alarms; id++)
        {
            var alarm = Alarm(id, AlarmKind.LowBattery, Local(1, 0, 0).AddSeconds(id * 10)) with { DeviceId = (uint)(570425345 + (id % 100)) };
            batch.AlarmEvents.Add(new AlarmEvent(++_sequence, AlarmEventType.Raised, alarm.FirstSeen, alarm, null));
        }

        _store.Commit(batch);

        var report = Build(1, 2);

        Assert.Equal(alarms, report.Raised);
        Assert.Equal(alarms, report.PerDay.Sum(d => d.Alarms));
        Assert.Equal(100, report.LowBatteryDevices.Count);
        Assert.Equal(alarms, report.LowBatteryDevices.Sum(d => d.Alarms));
    }

    [Fact]
    public void Build_NoAlarms_HasEveryDayAtZeroAndNoTimes()
    {
        var report = Build(1, 30);

        Assert.Equal(0, report.Raised);
        Assert.Equal(30, report.PerDay.Count);
        Assert.All(report.PerDay, d => Assert.Equal(0, d.Alarms));
        Assert.Equal(new ResponseTimes(0, null, null, null), report.Acknowledge);
        Assert.All(report.AcknowledgeDistribution, b => Assert.Equal(0, b.Alarms));
    }

    [Fact]
    public void Csv_OfTheReport_HasOneFigurePerRowWithTheHeaderAndSecondsAndDefusesFormulas()
    {
        Raise(1, AlarmKind.Sos, Local(1, 8, 0), a => a with { State = AlarmState.Acknowledged, AcknowledgedAt = a.FirstSeen.AddSeconds(42), AcknowledgedBy = "post" });
        Raise(2, AlarmKind.LowBattery, Local(1, 9, 0), a => a with { DeviceId = 570425346, Subject = "=HYPERLINK(\"x\"), Li" });

        var bytes = CommunityReportCsv.Write(Build(1, 2));

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CommunityReportCsv.Header, lines[0]);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("wufu,2026-11-01,2026-11-02,", line, StringComparison.Ordinal));
        Assert.Contains("wufu,2026-11-01,2026-11-02,summary,raised,,2", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,time_to_acknowledge_s,median,,42", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,time_to_resolve_s,median,,", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,alarms_by_kind,low-battery,,1", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,alarms_per_day,2026-11-02,,0", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,time_to_acknowledge_distribution,30-60,,1", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,time_to_acknowledge_distribution,3600-,,0", lines);
        Assert.Contains("wufu,2026-11-01,2026-11-02,low_battery_device,570425346,\"'=HYPERLINK(\"\"x\"\"), Li\",1", lines);
    }

    private CommunityReport Build(int firstDay, int lastDay)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var period = ReportPeriod.TryCreate(Day(firstDay), Day(lastDay), zone, Day(3), out var problem);
        Assert.Null(problem);
        var builder = new CommunityReportBuilder(_store, new FakeTimeProvider(Now), NullLogger<CommunityReportBuilder>.Instance);
        return builder.Build(Fleet.Wufu, period!, "bureau");
    }

    private void Raise(long id, AlarmKind kind, DateTimeOffset at, Func<Alarm, Alarm>? change = null)
    {
        var alarm = (change ?? (a => a))(Alarm(id, kind, at));
        var batch = new StateAndAlarmBatch();
        batch.AlarmEvents.Add(new AlarmEvent(++_sequence, AlarmEventType.Raised, at, alarm, null));
        _store.Commit(batch);
    }

    private static Alarm Alarm(long id, AlarmKind kind, DateTimeOffset at) => new()
    {
        Id = id,
        Kind = kind,
        Severity = AlarmSeverity.High,
        ConditionKey = kind.ToString(),
        DeviceId = 570425345,
        Subject = "王奶奶 (Grandma Wang)",
        HomeCommunityId = "wufu",
        SeenCommunityId = "wufu",
        FirstSeen = at,
        LastSeen = at,
    };

    private static Alarm Gate(Alarm alarm) => alarm with { DeviceId = null, ReceiverId = "wufu-gate-north", Subject = "五福北门" };

    private static DateOnly Day(int day) => new(2026, 11, day);

    private static DateTimeOffset Local(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, China);
}
