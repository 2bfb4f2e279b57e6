using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Benchmarks.Geofences;
using SafeCommunity.Iot.Benchmarks.Uplinks;

namespace SafeCommunity.Iot.Benchmarks.Alarms;

/// <summary>
/// <see cref="AlarmBook.Raise"/> per alarm intent: an SOS of a wristband with no active alarm (a new alarm) and the
/// same SOS again while its alarm is active (an update), for 1,000 wristbands.
/// </summary>
[MemoryDiagnoser]
public class AlarmBookBenchmarks
{
    private const int IntentCount = 1_000;

    private AlarmIntent[] _intents = null!;
    private AlarmBook _active = null!;

    /// <summary>The intents, and a book that already holds their alarms.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _intents = [.. Enumerable.Range(0, IntentCount).Select(Sos)];
        _active = new AlarmBook([], 0, Ids(), TimeSpan.FromMinutes(2));
        foreach (var intent in _intents)
        {
            _active.Raise(intent);
        }
    }

    /// <summary>A new alarm (the book starts empty each invocation).</summary>
    [Benchmark(OperationsPerInvoke = IntentCount)]
    public long RaiseNew()
    {
        var book = new AlarmBook([], 0, Ids(), TimeSpan.FromMinutes(2));
        foreach (var intent in _intents)
        {
            book.Raise(intent);
        }

        return book.LastSequence;
    }

    /// <summary>The same condition again while its alarm is active.</summary>
    [Benchmark(OperationsPerInvoke = IntentCount)]
    public long RaiseUpdate()
    {
        foreach (var intent in _intents)
        {
            _active.Raise(intent);
        }

        return _active.LastSequence;
    }

    /// <summary>An SOS intent of wristband <paramref name="index"/>, as <see cref="DeviceRules"/> makes it.</summary>
    internal static AlarmIntent Sos(int index) => new()
    {
        Kind = AlarmKind.Sos,
        Severity = AlarmSeverity.Critical,
        ConditionKey = "sos",
        DeviceId = 0x2200_0000u + (uint)index,
        Subject = $"wristband {index}",
        HomeCommunityId = "wufu",
        SeenCommunityId = "wufu",
        Location = new Location(LocalGeodesy.Offset(CountyScenario.Anlong, index, -index), 8, LocationSource.Gnss, UplinkFleet.Start.AddSeconds(index)),
        ReceiverIds = ["wufu-base-1", "wufu-base-2"],
        At = UplinkFleet.Start.AddSeconds(index),
    };

    // The store's reservation, for one book alone: blocks one after the other from id 1.
    internal static AlarmIds Ids()
    {
        var lastReserved = 0L;
        return new AlarmIds(count => lastReserved += count);
    }
}
