using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>One reception to hand to the pipeline: the signed frame and the receiver that heard it.</summary>
internal readonly record struct PlannedReception(uint DeviceId, byte[] Payload, string ReceiverId, double Rssi, bool RaisesAlarm)
{
    /// <summary>Which of <paramref name="count"/> sending tasks hands this reception over.</summary>
    public int Shard(int count) => (int)(DeviceId % (uint)count);
}

/// <summary>
/// The frames the county sends, signed before the clock starts: every device in turn, round after round, with its
/// counter going up. Chips send beacons (70 %) and GNSS position reports; wristbands the other way round; a share of
/// wristband frames are SOS alarm events. Each frame is heard by the device's own base station, and a share by another
/// one of its community as well (a duplicate the pipeline merges). Most things stay put most of the time (a parked
/// bike, an elder at home): four fixes in five are within 10 m of the device's home (GNSS jitter), the fifth anywhere
/// within 150 m of it.
/// </summary>
internal sealed class TrafficPlan
{
    private TrafficPlan(PlannedReception[] receptions, int frames, int alarmFrames)
    {
        Receptions = receptions;
        Frames = frames;
        AlarmFrames = alarmFrames;
    }

    /// <summary>What the receivers hand over, in order.</summary>
    public PlannedReception[] Receptions { get; }

    /// <summary>Distinct frames (receptions less duplicates).</summary>
    public int Frames { get; }

    /// <summary>Frames that raise (or repeat) an SOS alarm.</summary>
    public int AlarmFrames { get; }

    /// <summary>Signs <paramref name="frameCount"/> frames of <paramref name="county"/>'s devices.</summary>
    public static TrafficPlan Create(SyntheticCounty county, int frameCount, double duplicateShare, double alarmShare, int seed = 7)
    {
        var random = new Random(seed);
        var communities = county.Communities.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var receptions = new List<PlannedReception>((int)(frameCount * (1 + duplicateShare)) + 1);
        var keys = new Dictionary<uint, AesCmac>();
        var alarms = 0;
        try
        {
            for (var k = 0; k < frameCount; k++)
            {
                var device = county.Devices[k % county.Devices.Count];
                var counter = (uint)(k / county.Devices.Count) + 1;
                var wristband = device.Kind != DeviceKind.EbikeChip;
                var alarm = wristband && random.NextDouble() < alarmShare / 0.45;
                var frame = FrameFor(random, device, counter, wristband, alarm);
                alarms += alarm ? 1 : 0;

                if (!keys.TryGetValue(device.Id, out var cmac))
                {
                    cmac = new AesCmac(device.Key);
                    keys.Add(device.Id, cmac);
                }

                var payload = RadioFrameWriter.ToArray(frame, cmac);
                var stations = communities[device.CommunityId].BaseStations;
                var first = device.Station;
                receptions.Add(new PlannedReception(device.Id, payload, stations[first].Id, -70 - random.Next(40), alarm));
                if (random.NextDouble() < duplicateShare)
                {
                    var second = (first + 1 + random.Next(stations.Count - 1)) % stations.Count;
                    receptions.Add(new PlannedReception(device.Id, payload, stations[second].Id, -80 - random.Next(30), false));
                }
            }
        }
        finally
        {
            foreach (var cmac in keys.Values)
            {
                cmac.Dispose();
            }
        }

        return new TrafficPlan([.. receptions], frameCount, alarms);
    }

    private static RadioFrame FrameFor(Random random, CountyDevice device, uint counter, bool wristband, bool alarm)
    {
        var battery = (byte)random.Next(30, 100);
        var fix = Fix(random, device.Home);
        if (alarm)
        {
            return RadioFrame.AlarmEvent(device.Id, counter, DeviceStatusFlags.Sos, battery, AlarmEventCode.Sos, fix);
        }

        var reportsPosition = random.Next(10) < (wristband ? 7 : 3);
        return reportsPosition
            ? RadioFrame.PositionReport(device.Id, counter, DeviceStatusFlags.None, battery, fix)
            : RadioFrame.Beacon(device.Id, counter, DeviceStatusFlags.None, battery);
    }

    private static GeoFix Fix(Random random, GeoPoint home)
    {
        var point = SyntheticCounty.Around(random, home, random.Next(5) == 0 ? 150 : 10);
        return GeoFix.FromDegrees(point.Latitude, point.Longitude, (byte)random.Next(5, 41), (byte)random.Next(0, 30));
    }
}
