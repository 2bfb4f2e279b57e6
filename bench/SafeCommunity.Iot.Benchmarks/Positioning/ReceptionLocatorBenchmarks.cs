using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Benchmarks.Positioning;

/// <summary>
/// <see cref="ReceptionLocator.Locate"/> per uplink heard by 1, 3 or 5 base stations: a beacon (no GNSS, so the
/// location comes from the receivers) and a position report with a current GNSS fix. Each operation is one of 64
/// uplinks of the <see cref="UplinkFleet"/>.
/// </summary>
[MemoryDiagnoser]
public class ReceptionLocatorBenchmarks
{
    private const int UplinkCount = 64;

    private readonly RadioFrame[] _beacons = new RadioFrame[UplinkCount];
    private readonly RadioFrame[] _reports = new RadioFrame[UplinkCount];
    private readonly List<Reception>[] _receptions = new List<Reception>[UplinkCount];
    private ReceptionLocator _locator = null!;

    /// <summary>Receptions per uplink.</summary>
    [Params(1, 3, 5)]
    public int Receptions { get; set; }

    /// <summary>Picks the uplinks and their receptions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var fleet = UplinkFleet.Create();
        _locator = new ReceptionLocator(fleet.Registry, defaultRangeMetres: 1_000);
        int beacons = 0, reports = 0;
        for (var i = 0; i < fleet.Frames.Length && (beacons < UplinkCount || reports < UplinkCount); i++)
        {
            var frame = fleet.Frame(i);
            if (frame.Type == FrameType.Beacon && beacons < UplinkCount)
            {
                _beacons[beacons++] = frame;
            }
            else if (frame is { Type: FrameType.PositionReport, Flags: DeviceStatusFlags.GnssFixValid } && reports < UplinkCount)
            {
                _reports[reports++] = frame;
            }
        }

        for (var i = 0; i < UplinkCount; i++)
        {
            _receptions[i] = fleet.Receptions(i, Receptions);
        }
    }

    /// <summary>A beacon: the receivers' weighted estimate.</summary>
    [Benchmark(OperationsPerInvoke = UplinkCount)]
    public double LocateFromReceivers() => LocateAll(_beacons);

    /// <summary>A position report with a current fix: the device's own GNSS position.</summary>
    [Benchmark(OperationsPerInvoke = UplinkCount)]
    public double LocateWithGnssFix() => LocateAll(_reports);

    private double LocateAll(RadioFrame[] frames)
    {
        double radius = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            radius += _locator.Locate(frames[i], _receptions[i])?.AccuracyMetres ?? 0;
        }

        return radius;
    }
}
