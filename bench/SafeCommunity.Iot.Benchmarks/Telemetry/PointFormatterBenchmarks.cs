using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Benchmarks.Telemetry;

/// <summary>
/// Line protocol per accepted uplink: <see cref="PointFormatter.AddUplink"/> into a spool record, for the
/// <see cref="UplinkFleet"/>'s uplinks heard by one to three base stations and located as the pipeline locates
/// them (<c>uplink</c>, <c>device_status</c>, a <c>reception</c> per receiver, <c>position</c>: 4-6 lines each).
/// </summary>
[MemoryDiagnoser]
public class PointFormatterBenchmarks
{
    private const int UplinkCount = 64;

    private readonly RecordBuilder _record = new();
    private AcceptedUplink[] _uplinks = null!;
    private PointFormatter _formatter = null!;

    /// <summary>Builds the uplinks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var fleet = UplinkFleet.Create();
        var locator = new ReceptionLocator(fleet.Registry, defaultRangeMetres: 1_000);
        _formatter = new PointFormatter("anlong-gateway-1", fleet.Registry);
        _uplinks = new AcceptedUplink[UplinkCount];
        for (var i = 0; i < UplinkCount; i++)
        {
            var frame = fleet.Frame(i);
            var receptions = fleet.Receptions(i, 1 + (i % 3));
            _uplinks[i] = new AcceptedUplink(fleet.Devices[i], frame, receptions, locator.Locate(frame, receptions), false);
        }

        _record.Clear();
        var points = FormatAll();
        Console.WriteLine($"// {(double)points / UplinkCount:F2} lines per uplink");
    }

    /// <summary>One stored uplink's lines.</summary>
    [Benchmark(OperationsPerInvoke = UplinkCount)]
    public int AddUplink() => FormatAll();

    private int FormatAll()
    {
        var points = 0;
        foreach (var uplink in _uplinks)
        {
            _formatter.AddUplink(uplink, _record);
            points += _record.Points;
            _record.Clear();
        }

        return points;
    }
}
