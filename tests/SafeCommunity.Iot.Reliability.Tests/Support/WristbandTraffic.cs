using System.Globalization;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>One uplink as a ChirpStack v4 network server publishes it: its topic, its JSON, and what the frame says.</summary>
/// <param name="DeviceId">The wristband.</param>
/// <param name="Counter">The frame counter.</param>
/// <param name="IsSos">Whether the frame is an SOS press.</param>
/// <param name="Latitude">The GNSS fix it carries.</param>
/// <param name="Longitude">The GNSS fix it carries.</param>
/// <param name="Topic">The MQTT topic.</param>
/// <param name="Json">The uplink event.</param>
internal sealed record ScriptedUplink(uint DeviceId, uint Counter, bool IsSos, double Latitude, double Longitude, string Topic, string Json);

/// <summary>
/// The traffic of a group of the seed deployment's wristbands (they have DevEUIs, so they can come over LoRaWAN):
/// each sends frames with counters 1..N in order, position reports and, at random counters (at least one, never the
/// last), SOS presses; the devices' frames are interleaved at random, each device's in counter order.
/// </summary>
internal static class WristbandTraffic
{
    /// <summary>The LoRaWAN gateway of the seed deployment that hears every frame.</summary>
    public const string LoRaWanGateway = "ac1f09fffe000001";

    /// <summary>The first wristband of the seed deployment; the others follow it (0x22000001, 0x22000002, ...).</summary>
    public const uint FirstWristband = SeedDevices.Wristband;

    public static List<ScriptedUplink> Script(int devices, int framesPerDevice, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var perDevice = new List<Queue<ScriptedUplink>>();
        for (var d = 0; d < devices; d++)
        {
            var deviceId = FirstWristband + (uint)d;
            var firstSos = (uint)random.Next(1, framesPerDevice);
            var frames = new Queue<ScriptedUplink>();
            for (uint counter = 1; counter <= framesPerDevice; counter++)
            {
                // A different, recognisable position for every frame, around Wufu.
                var latitude = 25.1000 + (d * 0.001) + (counter * 0.00001);
                var longitude = 105.4690 + (counter * 0.00001);
                var sos = counter == firstSos || (counter < framesPerDevice && random.Next(6) == 0);
                frames.Enqueue(Uplink(deviceId, counter, sos, latitude, longitude));
            }

            perDevice.Add(frames);
        }

        var script = new List<ScriptedUplink>(devices * framesPerDevice);
        while (perDevice.Count > 0)
        {
            var pick = random.Next(perDevice.Count);
            script.Add(perDevice[pick].Dequeue());
            if (perDevice[pick].Count == 0)
            {
                perDevice.RemoveAt(pick);
            }
        }

        return script;
    }

    /// <summary>The signed frame: an SOS press or a position report, with its GNSS fix.</summary>
    public static byte[] Frame(uint deviceId, uint counter, bool sos, double latitude, double longitude)
    {
        var fix = GeoFix.FromDegrees(latitude, longitude, 5, 1);
        var frame = sos
            ? RadioFrame.AlarmEvent(deviceId, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, fix)
            : RadioFrame.PositionReport(deviceId, counter, DeviceStatusFlags.GnssFixValid, 70, fix);
        return SeedDevices.Sign(frame);
    }

    public static ScriptedUplink Uplink(uint deviceId, uint counter, bool sos, double latitude, double longitude)
    {
        var devEui = string.Create(CultureInfo.InvariantCulture, $"70b3d57e{deviceId:x8}");
        var json = string.Create(CultureInfo.InvariantCulture, $$"""
            {"deduplicationId":"{{Guid.NewGuid()}}","time":"{{DateTime.UtcNow:O}}",
             "deviceInfo":{"tenantId":"t","applicationId":"app1","deviceName":"wristband","devEui":"{{devEui}}"},
             "fCnt":{{counter}},"fPort":10,"data":"{{Convert.ToBase64String(Frame(deviceId, counter, sos, latitude, longitude))}}",
             "rxInfo":[{"gatewayId":"{{LoRaWanGateway}}","rssi":-90,"snr":6.5}]}
            """);
        return new ScriptedUplink(deviceId, counter, sos, latitude, longitude, $"application/app1/device/{devEui}/event/up", json);
    }

    /// <summary>Each device's last frame (a position report), by device.</summary>
    public static Dictionary<uint, ScriptedUplink> LastOfEach(IEnumerable<ScriptedUplink> script) =>
        script.GroupBy(u => u.DeviceId).ToDictionary(g => g.Key, g => g.MaxBy(u => u.Counter)!);

    /// <summary>How many SOS presses each device sent, ordered by device: what each one's SOS alarm must count.</summary>
    public static IEnumerable<(uint DeviceId, int Count)> SosPressesOfEach(IEnumerable<ScriptedUplink> script) =>
        script.Where(u => u.IsSos).GroupBy(u => u.DeviceId).Select(g => (g.Key, g.Count())).Order();
}
