using System.Text.Json;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.LoadTest.Tests.Support;
using SafeCommunity.Iot.LoadTest.Traffic;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.LoadTest.Tests.Traffic;

public class UplinkPlanTests
{
    private static readonly LoadFleet Fleet = LoadFleet.Generate(SeedDeployment.Load(TestPaths.SeedFile), 40, 0);

    [Fact]
    public void FrameSource_RoundRobin_WithRisingCountersAndValidMics()
    {
        var source = new FrameSource(Fleet.Devices, firstCounter: 100);
        var seen = new Dictionary<uint, uint>();

        for (var i = 0; i < 3 * Fleet.Devices.Count; i++)
        {
            var (device, frame, bytes) = source.Next(sos: false);
            Assert.Equal(Fleet.Devices[i % Fleet.Devices.Count], device);
            Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(bytes, out var decoded));
            using var cmac = new AesCmac(DemoKeys.For(device.Seed.Id));
            Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(bytes, cmac));
            Assert.Equal(frame.Counter, decoded.Counter);
            Assert.Equal(device.IsWristband ? FrameType.PositionReport : FrameType.Beacon, decoded.Type);
            Assert.Equal(seen.TryGetValue(device.Seed.Id, out var previous) ? previous + 1 : 100, decoded.Counter);
            seen[device.Seed.Id] = decoded.Counter;
        }
    }

    [Fact]
    // 5 % of 210 is 10.5: ten SOS frames, the last carried from its due frame (a chip's turn) to the next wristband.
    public async Task Plan_BuildsChirpStackUplinks_WithTheAlarmShareAsSosFromWristbands()
    {
        await using var plan = new UplinkPlan(Fleet.LoRaWanDevices, total: 210, alarmShare: 0.05, prebuildLimit: 1000, firstCounter: 1);
        await plan.PrebuildAsync(CancellationToken.None);

        var uplinks = new List<PlannedUplink>();
        while (plan.TryTake(out var uplink))
        {
            uplinks.Add(uplink);
        }

        Assert.Equal(210, uplinks.Count);
        Assert.True(plan.Done);
        Assert.Equal(10, uplinks.Count(u => u.RaisesAlarm));
        foreach (var uplink in uplinks)
        {
            using var json = JsonDocument.Parse(uplink.Message.Payload);
            var frameBytes = Convert.FromBase64String(json.RootElement.GetProperty("data").GetString()!);
            Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(frameBytes, out var frame));
            Assert.Equal($"70b3d57e{frame.DeviceId:x8}", json.RootElement.GetProperty("deviceInfo").GetProperty("devEui").GetString());
            Assert.EndsWith($"/device/70b3d57e{frame.DeviceId:x8}/event/up", uplink.Message.Topic, StringComparison.Ordinal);
            Assert.Equal(uplink.RaisesAlarm, frame.Type == FrameType.AlarmEvent && frame.Event == AlarmEventCode.Sos);
            Assert.Equal(uplink.RaisesAlarm ? frame.DeviceId : 0, uplink.AlarmDeviceId);
        }
    }
}
