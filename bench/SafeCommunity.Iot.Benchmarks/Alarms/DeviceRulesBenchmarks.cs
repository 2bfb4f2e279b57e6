using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Benchmarks.Geofences;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Benchmarks.Alarms;

/// <summary>
/// <see cref="DeviceRules.Evaluate"/> per stored uplink of the <see cref="CountyScenario"/> elder in a county of
/// 10,000 fences, heard by two base stations: a position report that raises nothing (the common case) and an SOS
/// alarm event with her position (one SOS intent each). Each operation is one of her 64 fixes.
/// </summary>
[MemoryDiagnoser]
public class DeviceRulesBenchmarks
{
    private const int FixCount = 64;

    private readonly List<AlarmIntent> _intents = new(8);
    private AcceptedUplink[] _reports = null!;
    private AcceptedUplink[] _sos = null!;
    private DeviceRules _rules = null!;
    private DeviceRuleState _state = null!;

    /// <summary>Builds the county, the rules and her uplinks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var county = CountyScenario.Create(10_000, FixCount);
        var fleet = UplinkFleet.Create();
        fleet.Registry.Apply(new RegistryContents([], [], [county.Elder]));
        _rules = new DeviceRules(new AlarmRuleOptions(), fleet.Registry, county.Index);
        _state = new DeviceRuleState();
        _reports = new AcceptedUplink[FixCount];
        _sos = new AcceptedUplink[FixCount];
        for (var i = 0; i < FixCount; i++)
        {
            var location = county.Fixes[i];
            var fix = GeoFix.FromDegrees(location.Point.Latitude, location.Point.Longitude, (byte)location.AccuracyMetres, 1);
            var receptions = fleet.Receptions(i, 2);
            var counter = (uint)(2 * i);
            _reports[i] = new AcceptedUplink(county.Elder,
                RadioFrame.PositionReport(county.Elder.Id, counter, DeviceStatusFlags.GnssFixValid, 80, fix), receptions, location, false);
            _sos[i] = new AcceptedUplink(county.Elder,
                RadioFrame.AlarmEvent(county.Elder.Id, counter + 1, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 80, AlarmEventCode.Sos, fix),
                receptions, location, false);
        }

        if (EvaluateAll(_reports) != 0 || EvaluateAll(_sos) != FixCount)
        {
            throw new InvalidOperationException("Her reports must raise nothing and each SOS one intent.");
        }
    }

    /// <summary>A position report inside her safe zone: nothing raised.</summary>
    [Benchmark(OperationsPerInvoke = FixCount)]
    public int NormalFrame() => EvaluateAll(_reports);

    /// <summary>An SOS with her position: one SOS intent.</summary>
    [Benchmark(OperationsPerInvoke = FixCount)]
    public int SosFrame() => EvaluateAll(_sos);

    private int EvaluateAll(AcceptedUplink[] uplinks)
    {
        var raised = 0;
        foreach (var uplink in uplinks)
        {
            _rules.Evaluate(uplink, _state, _intents);
            raised += _intents.Count;
            _intents.Clear();
        }

        return raised;
    }
}
