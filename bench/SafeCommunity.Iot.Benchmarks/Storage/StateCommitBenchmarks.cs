using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Benchmarks.Alarms;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Benchmarks.Storage;

/// <summary>
/// Alarm persistence: <see cref="StateAndAlarmWriter.Commit"/> per batch on a real SQLite file in a temporary folder,
/// with the gateway's default durability (WAL, synchronous=FULL: every commit is synced to disk). Two batches:
/// an SOS on its own (the wristband's state, its trail point and the alarm event) and a busy committer's batch of
/// 1,000 device states with their trail points and 10 alarm events. Each alarm event is a fresh update of an
/// active SOS alarm from <see cref="AlarmBook.Raise"/>, so sequence numbers never repeat.
/// </summary>
[MemoryDiagnoser]
public class StateCommitBenchmarks : IDisposable
{
    private const int BulkStates = 1_000;
    private const int BulkAlarms = 10;

    private readonly StateAndAlarmBatch _single = new();
    private readonly StateAndAlarmBatch _bulk = new();
    private readonly AlarmBook _book = new([], 0, Alarms.AlarmBookBenchmarks.Ids(), TimeSpan.FromMinutes(2));
    private AlarmIntent[] _intents = null!;
    private string _folder = null!;
    private GatewayDatabase _database = null!;
    private StateAndAlarmWriter _writer = null!;

    /// <summary>Creates the database and stores every device's state once, as a running gateway has.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "safecommunity-bench-" + Guid.NewGuid().ToString("N"));
        _database = new GatewayDatabase(new StorageOptions { DataDirectory = "data" }, _folder);
        _database.EnsureMigrated();
        _writer = new StateAndAlarmWriter(_database);
        _intents = [.. Enumerable.Range(0, BulkAlarms).Select(AlarmBookBenchmarks.Sos)];
        for (var i = 0; i < BulkStates; i++)
        {
            var intent = AlarmBookBenchmarks.Sos(i);
            var location = intent.Location!.Value;
            var state = new DeviceStateSnapshot(intent.DeviceId!.Value, (uint)(1_000 + i), 0xFFFF, location.At,
                DeviceStatusFlags.GnssFixValid, 80, location.At, "wufu-base-1", location);
            _bulk.States.Add(state);
            _bulk.Trail.Add(new TrailPoint(state.DeviceId, location, "wufu-base-1"));
        }

        _single.States.Add(_bulk.States[0] with { Flags = DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid });
        _single.Trail.Add(_bulk.Trail[0]);
        CommitBulk();
        CommitSos();
    }

    /// <summary>Closes the database and deletes its folder.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _writer.Dispose();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>One SOS: 1 state, 1 trail point, 1 alarm event.</summary>
    [Benchmark]
    public void CommitSos()
    {
        _single.AlarmEvents.Clear();
        _single.AlarmEvents.Add(_book.Raise(_intents[0]));
        _writer.Commit(_single);
    }

    /// <summary>1,000 states, 1,000 trail points, 10 alarm events.</summary>
    [Benchmark]
    public void CommitBulk()
    {
        _bulk.AlarmEvents.Clear();
        foreach (var intent in _intents)
        {
            _bulk.AlarmEvents.Add(_book.Raise(intent));
        }

        _writer.Commit(_bulk);
    }
}
