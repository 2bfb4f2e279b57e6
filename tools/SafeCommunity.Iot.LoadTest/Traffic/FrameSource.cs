using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// Signed radio frames of a set of devices, round robin, each device's counter rising by one per frame as on a real
/// device. Chips send beacons (not armed, battery fine: no alarm); wristbands send position reports with a GNSS fix,
/// or an SOS alarm event when the caller asks for one.
/// </summary>
internal sealed class FrameSource
{
    private const byte Battery = 80;
    private readonly IReadOnlyList<LoadDevice> _devices;
    private readonly uint[] _counters;
    private long _next;

    /// <summary>Frames of <paramref name="devices"/>, the first counter of each being <paramref name="firstCounter"/>.</summary>
    public FrameSource(IReadOnlyList<LoadDevice> devices, uint firstCounter)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfZero(devices.Count);
        _devices = devices;
        _counters = new uint[devices.Count];
        Array.Fill(_counters, firstCounter);
    }

    /// <summary>The device whose turn is next.</summary>
    public LoadDevice Peek => _devices[(int)(_next % _devices.Count)];

    /// <summary>The next device's frame; an SOS alarm event when <paramref name="sos"/> and the device is a wristband.</summary>
    public (LoadDevice Device, RadioFrame Frame, byte[] Bytes) Next(bool sos)
    {
        var index = (int)(_next++ % _devices.Count);
        var device = _devices[index];
        var counter = _counters[index]++;
        var id = device.Seed.Id;
        RadioFrame frame;
        if (device.IsWristband)
        {
            var fix = GeoFix.FromDegrees(device.Home.Latitude, device.Home.Longitude, 6, 1);
            frame = sos
                ? RadioFrame.AlarmEvent(id, counter, DeviceStatusFlags.GnssFixValid, Battery, AlarmEventCode.Sos, fix)
                : RadioFrame.PositionReport(id, counter, DeviceStatusFlags.GnssFixValid, Battery, fix);
        }
        else
        {
            frame = RadioFrame.Beacon(id, counter, DeviceStatusFlags.None, Battery);
        }

        using var cmac = new AesCmac(DemoKeys.For(id));
        return (device, frame, RadioFrameWriter.ToArray(frame, cmac));
    }
}
