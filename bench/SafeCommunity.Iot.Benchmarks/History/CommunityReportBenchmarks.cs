using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.History.Reports;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Benchmarks.History;

/// <summary>
/// A community report over the real SQLite store (<see cref="CommunityReportBuilder"/> on <see cref="AlarmStore"/>): a
/// year of a busy community, 100,000 alarms raised (about 270 a day, every kind, acknowledged and resolved after
/// varying times), beside another 100,000 of three other communities that the report must leave out; the report of
/// the whole year and of its last month.
/// </summary>
[MemoryDiagnoser]
public class CommunityReportBenchmarks : IDisposable
{
    private const int AlarmsPerCommunity = 100_000;
    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly string[] Communities = ["wufu", "tiangu", "shuanglong", "jiulong"];
    private static readonly Community Wufu = new() { Id = "wufu", Name = "五福社区 Wufu", PoliceRoom = "五福社区警务室" };

    private string _folder = null!;
    private GatewayDatabase _database = null!;
    private CommunityReportBuilder _builder = null!;
    private ReportPeriod _year = null!;
    private ReportPeriod _month = null!;

    /// <summary>Stores the alarms: each raised, then acknowledged and resolved (the alarm row holds the last).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "safecommunity-bench-" + Guid.NewGuid().ToString("N"));
        _database = new GatewayDatabase(new StorageOptions { DataDirectory = "data" }, _folder);
        _database.EnsureMigrated();
        using (var writer = new StateAndAlarmWriter(_database))
        {
            var kinds = Enum.GetValues<AlarmKind>();
            var batch = new StateAndAlarmBatch();
            long sequence = 0;
            var total = AlarmsPerCommunity * 2;
            for (var id = 1; id <= total; id++)
            {
                // Every other alarm is Wufu's; the rest are spread over the other three communities.
                var community = id % 2 == 0 ? "wufu" : Communities[1 + (id % 3)];
                var raised = YearStart.AddSeconds((long)id * 365 * 86_400 / total);
                var answer = TimeSpan.FromSeconds(10 + (id * 37 % 1_800));
                var alarm = new Alarm
                {
                    Id = id,
                    Kind = kinds[id % kinds.Length],
                    Severity = AlarmSeverity.High,
                    ConditionKey = "bench",
                    DeviceId = (uint)(570_425_345 + (id % 5_000)),
                    ReceiverId = "wufu-gate-north",
                    Subject = "device " + (id % 5_000),
                    HomeCommunityId = community,
                    FirstSeen = raised,
                    LastSeen = raised,
                    State = AlarmState.Resolved,
                    AcknowledgedAt = raised + answer,
                    AcknowledgedBy = "police room",
                    ResolvedAt = raised + answer + answer,
                    ResolvedBy = "police room",
                };
                batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Resolved, raised + answer + answer, alarm, "police room"));
                if (batch.AlarmEvents.Count == 5_000)
                {
                    writer.Commit(batch);
                    batch.Clear();
                }
            }

            writer.Commit(batch);
        }

        var zone = Community.ZoneOf(Wufu);
        var today = new DateOnly(2027, 1, 1);
        _year = ReportPeriod.TryCreate(new(2026, 1, 1), new(2026, 12, 31), zone, today, out _)!;
        _month = ReportPeriod.TryCreate(new(2026, 12, 1), new(2026, 12, 31), zone, today, out _)!;
        _builder = new CommunityReportBuilder(new AlarmStore(_database), TimeProvider.System, NullLogger<CommunityReportBuilder>.Instance);
    }

    /// <summary>Closes the database and deletes its folder.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The year: 100,000 alarms counted (20 pages).</summary>
    [Benchmark]
    public int Year() => _builder.Build(Wufu, _year, "bureau").Raised;

    /// <summary>The last month: about 8,500 alarms (2 pages).</summary>
    [Benchmark]
    public int Month() => _builder.Build(Wufu, _month, "bureau").Raised;
}
