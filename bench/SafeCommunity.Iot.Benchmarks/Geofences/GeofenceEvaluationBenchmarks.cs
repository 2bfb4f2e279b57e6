using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Geofences.Indexing;

namespace SafeCommunity.Iot.Benchmarks.Geofences;

/// <summary>
/// Geofence evaluation cost per fix against 10, 1,000 and 10,000 fences (DESIGN.md §5: 10,000 fences must cost
/// less than 5× what 10 fences cost). Each operation is one fix of the <see cref="CountyScenario"/> elder; an
/// invocation evaluates her 64 fixes in turn.
/// </summary>
[MemoryDiagnoser]
public class GeofenceEvaluationBenchmarks
{
    private const int FixCount = 64;

    private static readonly TimeZoneInfo Anlong = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly List<PreparedGeofence> _candidates = new(64);
    private CountyScenario _county = null!;
    private GeofenceEvaluator _evaluator = null!;
    private DeviceFenceState _state = null!;

    /// <summary>Fences in the county.</summary>
    [Params(10, 1_000, 10_000)]
    public int FenceCount { get; set; }

    /// <summary>Builds the county and reports how many fences are near her fixes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _county = CountyScenario.Create(FenceCount, FixCount);
        _evaluator = new GeofenceEvaluator(_county.Index);
        _state = new DeviceFenceState();

        var snapshot = _county.Index.Snapshot;
        double near = 0, assigned = 0;
        foreach (var fix in _county.Fixes)
        {
            foreach (var fence in snapshot.Fences)
            {
                if (fence.IsNear(fix.Point))
                {
                    near++;
                    assigned += fence.AppliesTo(_county.Elder) ? 1 : 0;
                }
            }
        }

        Console.WriteLine($"// {FenceCount} fences: per fix {near / FixCount:F1} expanded envelopes contain the point, {assigned / FixCount:F1} of them assigned to the elder");
    }

    /// <summary>The alarm engine's call per fix: <see cref="GeofenceEvaluator.Evaluate"/>.</summary>
    [Benchmark(OperationsPerInvoke = FixCount)]
    public int Evaluate()
    {
        var transitions = 0;
        foreach (var fix in _county.Fixes)
        {
            transitions += _evaluator.Evaluate(_county.Elder, fix, fix.At, Anlong, _state).Count;
        }

        return transitions;
    }

    /// <summary>The spatial index alone: <see cref="GeofenceSnapshot.Candidates"/>.</summary>
    [Benchmark(OperationsPerInvoke = FixCount)]
    public int Candidates()
    {
        var snapshot = _county.Index.Snapshot;
        var found = 0;
        foreach (var fix in _county.Fixes)
        {
            snapshot.Candidates(_county.Elder, fix.Point, _candidates);
            found += _candidates.Count;
            _candidates.Clear();
        }

        return found;
    }
}
