using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Scenarios;
using SafeCommunity.Iot.Simulator.Tests.Support;

namespace SafeCommunity.Iot.Simulator.Tests.Engine;

public sealed class FleetSimulationTests
{
    private static List<SimulationEvent> RunAll(int seed = 7)
    {
        ScenarioCatalog.TryCreate([ScenarioCatalog.All], out var scenarios, out _);
        using var fleet = TestFleet.Create(scenarios, seed);
        return TestFleet.RunPlan(fleet);
    }

    [Fact]
    public void Frames_DecodeAndVerifyWithTheDemoKeys()
    {
        var frames = RunAll().OfType<Transmission>().ToList();

        Assert.True(frames.Count > 500, $"only {frames.Count} frames");
        foreach (var transmission in frames)
        {
            Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(transmission.Bytes, out var decoded));
            using var cmac = new AesCmac(DemoKeys.For(decoded.DeviceId));
            Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(transmission.Bytes, cmac));
            Assert.Equal(transmission.Device.Id, decoded.DeviceId);
            Assert.Equal(transmission.Frame, decoded with { Mic = 0 });
        }
    }

    [Fact]
    public void Frames_UseEveryUplinkTypeOfTheDemo()
    {
        var frames = RunAll().OfType<Transmission>().Select(t => t.Frame).ToList();

        Assert.Contains(frames, f => f.Type == FrameType.Beacon && f.Has(DeviceStatusFlags.Armed));
        Assert.Contains(frames, f => f.Type == FrameType.PositionReport && f.Has(DeviceStatusFlags.GnssFixValid));
        Assert.Contains(frames, f => f.Type == FrameType.PositionReport && !f.Has(DeviceStatusFlags.GnssFixValid) && f.Position!.Value.FixAgeSeconds > 5);
        Assert.Contains(frames, f => f.Type == FrameType.AlarmEvent && f.Event == AlarmEventCode.Sos);
        Assert.Contains(frames, f => f.Type == FrameType.AlarmEvent && f.Event == AlarmEventCode.Removed);
        Assert.Contains(frames, f => f.Type == FrameType.AlarmEvent && f.Event == AlarmEventCode.MovedWhileArmed);
    }

    [Fact]
    public void Counters_StrictlyIncreasePerDevice_AcrossTheWholeRun()
    {
        var byDevice = RunAll().OfType<Transmission>().GroupBy(t => t.Device.Id).ToList();

        Assert.Equal(140, byDevice.Count);
        foreach (var frames in byDevice)
        {
            var counters = frames.Select(t => t.Frame.Counter).ToList();
            for (var i = 1; i < counters.Count; i++)
            {
                Assert.True(counters[i] > counters[i - 1], $"device {frames.Key:x8}: {counters[i - 1]} then {counters[i]}");
            }

            Assert.True(counters[0] > 5000, "counters start above the counter base");
        }
    }

    [Fact]
    public void Run_SameSeed_PlaysTheSameDay()
    {
        static string Fingerprint(IEnumerable<SimulationEvent> events) => string.Join('\n', events.Select(e => e switch
        {
            Transmission t => $"{t.At} {Convert.ToHexString(t.Bytes)} {string.Join(',', t.Receptions.Select(r => r.Receiver.Id + r.RssiDbm))}",
            Narration n => $"{n.At} {n.Text}",
            ReceiverFix f => $"{f.At} {f.Position}",
            _ => "",
        }));

        Assert.Equal(Fingerprint(RunAll(seed: 3)), Fingerprint(RunAll(seed: 3)));
        Assert.NotEqual(Fingerprint(RunAll(seed: 3)), Fingerprint(RunAll(seed: 4)));
    }

    [Fact]
    public void Traffic_StartsWithinSeconds_AndEveryDeviceSpeaksWithinOneInterval()
    {
        using var fleet = TestFleet.Create();

        var firstFive = fleet.AdvanceTo(TimeSpan.FromSeconds(5)).OfType<Transmission>().ToList();
        var rest = fleet.AdvanceTo(fleet.Settings.MaxInterval).OfType<Transmission>().ToList();

        Assert.InRange(firstFive.Count, 10, 60);
        Assert.Equal(140, firstFive.Concat(rest).Select(t => t.Device.Id).Distinct().Count());
    }

    [Fact]
    public void Receptions_LoRaWanDevicesReachGateways_OthersBaseStationsAndThePatrol()
    {
        var frames = RunAll().OfType<Transmission>().ToList();

        foreach (var t in frames.Where(t => t.IsLoRaWan))
        {
            Assert.All(t.Receptions, r => Assert.Equal(ReceiverKind.LoRaWanGateway, r.Receiver.Kind));
        }

        foreach (var t in frames.Where(t => !t.IsLoRaWan))
        {
            Assert.All(t.Receptions, r => Assert.Contains(r.Receiver.Kind, new[] { ReceiverKind.FixedBaseStation, ReceiverKind.Mobile }));
            Assert.All(t.Receptions, r => Assert.True(r.DistanceMetres <= r.Receiver.RangeMetres));
        }

        // Most LoRaWAN frames are heard by more than one rooftop gateway; base stations hear many of the chips.
        Assert.True(frames.Where(t => t.IsLoRaWan).Average(t => t.Receptions.Count) > 1.5);
        Assert.True(frames.Count(t => !t.IsLoRaWan && t.HeardByKind(ReceiverKind.FixedBaseStation).Any()) > frames.Count(t => !t.IsLoRaWan) / 2);
    }

    [Fact]
    public void Receptions_RssiFallsWithDistance()
    {
        var heard = RunAll().OfType<Transmission>().SelectMany(t => t.Receptions).Where(r => r.Receiver.Kind == ReceiverKind.FixedBaseStation).ToList();

        var near = heard.Where(r => r.DistanceMetres < 30).Average(r => r.RssiDbm);
        var far = heard.Where(r => r.DistanceMetres > 70).Average(r => r.RssiDbm);
        Assert.True(near > far + 10, $"near {near:F0} dBm, far {far:F0} dBm");
        Assert.All(heard, r => Assert.InRange(r.RssiDbm, -120, -40));
    }

    [Fact]
    public void PatrolFixes_KeepComing_AndPlaceItOnItsRound()
    {
        using var fleet = TestFleet.Create();

        var fixes = fleet.AdvanceTo(TimeSpan.FromSeconds(60)).OfType<ReceiverFix>().ToList();

        Assert.True(fixes.Count >= 12, $"{fixes.Count} fixes in 60 s");
        var site = fleet.Sites["wufu"];
        Assert.All(fixes, f => Assert.InRange(site.DistanceFromCentre(f.Position), PatrolTrack.RoundRadiusMetres - 5, PatrolTrack.RoundRadiusMetres + 5));
        Assert.All(fixes, f => Assert.InRange(f.SpeedMetresPerSecond, PatrolTrack.RoundSpeed - 0.5, PatrolTrack.RoundSpeed + 0.5));
        Assert.Equal("wufu-patrol-moto-1", fixes[0].Receiver.Id);
    }

    [Fact]
    public void Patrol_HearsParkedChipsOnItsRound()
    {
        using var fleet = TestFleet.Create();

        var heard = fleet.AdvanceTo(TimeSpan.FromMinutes(5)).OfType<Transmission>().Where(t => t.HeardByKind(ReceiverKind.Mobile).Any()).ToList();

        Assert.True(heard.Count >= 10, $"the patrol heard {heard.Count} frames in 5 minutes");
        Assert.True(heard.Select(t => t.Device.Id).Distinct().Count() >= 3);
    }

    [Fact]
    public void PlanScenarios_AfterTheRunStarted_Throws()
    {
        using var fleet = TestFleet.Create();
        fleet.AdvanceTo(TimeSpan.FromSeconds(1));

        Assert.Throws<InvalidOperationException>(() => fleet.PlanScenarios([new SosScenario()], TimeSpan.FromSeconds(5), TimeSpan.Zero));
    }
}
