using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Scenarios;
using SafeCommunity.Iot.Simulator.Tests.Support;

namespace SafeCommunity.Iot.Simulator.Tests.Scenarios;

public sealed class ScenarioTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(2024)]
    public void StolenBike_IsHeardByTwoBaseStationsAndThePatrol(int seed)
    {
        var scenario = new StolenBikeScenario();
        using var fleet = TestFleet.Create([scenario], seed);
        var events = TestFleet.RunPlan(fleet);
        var slot = fleet.Plan.Single();
        var chip = scenario.Chip!;

        var stolen = events.FramesOf(chip.Id).Where(t => t.At > slot.Start).ToList();
        var stations = stolen.SelectMany(t => t.HeardByKind(ReceiverKind.FixedBaseStation)).Select(r => r.Receiver.Id).Distinct().ToList();
        var patrol = stolen.SelectMany(t => t.HeardByKind(ReceiverKind.Mobile)).ToList();

        Assert.False(chip.IsLoRaWan);
        Assert.False(chip.IsWristband);
        Assert.Equal("wufu", chip.Seed.CommunityId);
        Assert.Contains("wufu-gate-north", stations);
        Assert.Contains("wufu-gate-south", stations);
        Assert.True(patrol.Count >= 3, $"the patrol heard {patrol.Count} beacons");
        Assert.All(patrol, r => Assert.Equal("wufu-patrol-moto-1", r.Receiver.Id));
        Assert.All(patrol, r => Assert.NotNull(r.ReceiverPosition));
    }

    [Fact]
    public void StolenBike_SendsMovedWhileArmed_ThenMovingBeacons_ThenParksFarAway()
    {
        var scenario = new StolenBikeScenario();
        using var fleet = TestFleet.Create([scenario]);
        var events = TestFleet.RunPlan(fleet, TimeSpan.FromSeconds(60));
        var slot = fleet.Plan.Single();
        var chip = scenario.Chip!;

        var before = events.FramesOf(chip.Id).Where(t => t.At < slot.Start + StolenBikeScenario.ReportTime).ToList();
        var during = events.FramesOf(chip.Id).Where(t => t.At >= slot.Start + StolenBikeScenario.ReportTime && t.At <= slot.End).ToList();

        Assert.All(before, t => Assert.Equal(DeviceStatusFlags.Armed, t.Frame.Flags));
        Assert.Equal(FrameType.AlarmEvent, during[0].Frame.Type);
        Assert.Equal(AlarmEventCode.MovedWhileArmed, during[0].Frame.Event);
        Assert.Null(during[0].Frame.Position);
        Assert.True(during.Count > 20);
        Assert.All(during.Skip(1).SkipLast(1), t =>
        {
            Assert.Equal(FrameType.Beacon, t.Frame.Type);
            Assert.Equal(DeviceStatusFlags.Armed | DeviceStatusFlags.Moving, t.Frame.Flags);
        });
        Assert.True(chip.Site.DistanceFromCentre(chip.Position) > 500);
        Assert.Equal(DeviceStatusFlags.Armed, events.FramesOf(chip.Id).Last().Frame.Flags);
    }

    [Fact]
    public void StolenBike_PatrolRelaysAFreshFixBeforeEachReception()
    {
        var scenario = new StolenBikeScenario();
        using var fleet = TestFleet.Create([scenario]);
        var events = TestFleet.RunPlan(fleet);

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is Transmission t && t.HeardByKind(ReceiverKind.Mobile).Any())
            {
                var fix = events.Take(i).OfType<ReceiverFix>().Last();
                Assert.True(t.At - fix.At <= TimeSpan.FromSeconds(1), $"fix {fix.At} before reception {t.At}");
                var heard = t.HeardByKind(ReceiverKind.Mobile).Single();
                Assert.True(LocalGeodesy.DistanceMetres(fix.Position, heard.ReceiverPosition!.Value) < 10);
            }
        }
    }

    [Fact]
    public void ElderWandering_StepsAwayReportByReport_AndEndsOutsideHerCommunity()
    {
        var scenario = new ElderWanderingScenario();
        using var fleet = TestFleet.Create([scenario]);
        var events = TestFleet.RunPlan(fleet, TimeSpan.FromSeconds(90));
        var slot = fleet.Plan.Single();
        var elder = scenario.Wristband!;
        var site = elder.Site;

        var walk = events.FramesOf(elder.Id).Where(t => t.At > slot.Start && t.At <= slot.End).ToList();
        var distances = walk.Select(t => site.DistanceFromCentre(ToPoint(t.Frame.Position!.Value))).ToList();
        var after = events.FramesOf(elder.Id).Where(t => t.At > slot.End).ToList();

        Assert.Equal(DeviceKind.ElderWristband, elder.Seed.Kind);
        Assert.True(walk.Count >= 10, $"{walk.Count} reports while walking");
        Assert.All(walk, t => Assert.Equal(FrameType.PositionReport, t.Frame.Type));
        Assert.All(walk, t => Assert.True(t.Frame.Has(DeviceStatusFlags.GnssFixValid)));
        Assert.True(distances[0] < CommunitySite.BoundaryRadiusMetres);
        Assert.True(distances[^1] > CommunitySite.BoundaryRadiusMetres + 100, $"ends {distances[^1]:F0} m from the centre");
        Assert.True(distances.Count(d => d > CommunitySite.BoundaryRadiusMetres) >= 3, "several reports beyond the boundary");
        for (var i = 1; i < distances.Count; i++)
        {
            Assert.True(distances[i] > distances[i - 1] - 15, "she walks away step by step");
        }

        Assert.NotEmpty(after);
        Assert.All(after, t => Assert.False(site.Contains(ToPoint(t.Frame.Position!.Value))));
    }

    [Fact]
    public void Sos_SendsTwoSosEventsWithPosition_ThenClearsTheFlag()
    {
        var scenario = new SosScenario();
        using var fleet = TestFleet.Create([scenario]);
        var events = TestFleet.RunPlan(fleet);
        var slot = fleet.Plan.Single();
        var frames = events.FramesOf(scenario.Wristband!.Id).Where(t => t.At >= slot.Start).Select(t => t.Frame).ToList();

        var sos = frames.Where(f => f.Type == FrameType.AlarmEvent).ToList();
        Assert.Equal(2, sos.Count);
        Assert.All(sos, f =>
        {
            Assert.Equal(AlarmEventCode.Sos, f.Event);
            Assert.NotNull(f.Position);
            Assert.True(f.Has(DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid));
        });
        Assert.True(sos[1].Counter > sos[0].Counter);
        Assert.Contains(frames, f => f.Type == FrameType.PositionReport && f.Has(DeviceStatusFlags.Sos));
        Assert.False(frames[^1].Has(DeviceStatusFlags.Sos));
        Assert.Equal(26, events.FramesOf(scenario.Wristband.Id).First(t => t.Frame.Type == FrameType.AlarmEvent).Bytes.Length);
    }

    [Fact]
    public void WristbandRemoved_FlagRisesBeforeTheRemovedEvent()
    {
        var scenario = new WristbandRemovedScenario();
        using var fleet = TestFleet.Create([scenario]);
        var events = TestFleet.RunPlan(fleet);
        var slot = fleet.Plan.Single();
        var frames = events.FramesOf(scenario.Wristband!.Id).Where(t => t.At >= slot.Start).Select(t => t.Frame).ToList();

        Assert.Equal(FrameType.PositionReport, frames[0].Type);
        Assert.True(frames[0].Has(DeviceStatusFlags.Removed));
        Assert.Equal(FrameType.AlarmEvent, frames[1].Type);
        Assert.Equal(AlarmEventCode.Removed, frames[1].Event);
        Assert.NotNull(frames[1].Position);
        Assert.True(frames[1].Has(DeviceStatusFlags.Removed));
        Assert.Equal(DeviceKind.ChildWristband, scenario.Wristband.Seed.Kind);
        Assert.False(frames[^1].Has(DeviceStatusFlags.Removed));
    }

    [Fact]
    public void ChipSilent_SendsNothingAfterItsStart()
    {
        var scenario = new ChipSilentScenario();
        using var fleet = TestFleet.Create([scenario]);
        var events = TestFleet.RunPlan(fleet, TimeSpan.FromMinutes(3));
        var slot = fleet.Plan.Single();
        var frames = events.FramesOf(scenario.Chip!.Id).ToList();

        Assert.False(scenario.Chip.IsWristband);
        Assert.All(frames, t => Assert.True(t.At <= slot.Start));
        Assert.True(events.OfType<Transmission>().Count(t => t.At > slot.Start) > 500, "the rest of the fleet goes on");
    }

    [Fact]
    public void All_PlaysEveryScenarioOnceInOrder_WithDifferentDevices()
    {
        Assert.True(ScenarioCatalog.TryCreate([ScenarioCatalog.All], out var scenarios, out _));
        using var fleet = TestFleet.Create(scenarios);
        var narration = TestFleet.RunPlan(fleet).OfType<Narration>().ToList();

        Assert.Equal(["normal", "stolen-bike", "elder-wandering", "sos", "wristband-removed", "chip-silent"], fleet.Plan.Select(s => s.Scenario.Name));
        Assert.InRange(fleet.PlanEnd, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(6));
        for (var i = 1; i < fleet.Plan.Count; i++)
        {
            Assert.True(fleet.Plan[i].Start >= fleet.Plan[i - 1].End);
        }

        Assert.All(fleet.Plan, s => Assert.Contains(narration, n => n.Scenario == s.Scenario.Name && n.Text.StartsWith('▶')));
        var actors = new uint?[]
        {
            ((StolenBikeScenario)scenarios[1]).Chip?.Id, ((ElderWanderingScenario)scenarios[2]).Wristband?.Id,
            ((SosScenario)scenarios[3]).Wristband?.Id, ((WristbandRemovedScenario)scenarios[4]).Wristband?.Id, ((ChipSilentScenario)scenarios[5]).Chip?.Id,
        };
        Assert.DoesNotContain(null, actors);
        Assert.Equal(actors.Length, actors.Distinct().Count());
        Assert.Contains(narration, n => n.Text.Contains("REPORT IT STOLEN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "sos", "all" }, 6)]
    [InlineData(new[] { "stolen-bike", "sos" }, 2)]
    [InlineData(new[] { "normal" }, 1)]
    public void Catalog_ExpandsNames(string[] names, int expected)
    {
        Assert.True(ScenarioCatalog.TryCreate(names, out var scenarios, out _));
        Assert.Equal(expected, scenarios.Count);
    }

    [Fact]
    public void Catalog_UnknownName_IsReported()
    {
        Assert.False(ScenarioCatalog.TryCreate(["sos", "alien-abduction"], out _, out var unknown));
        Assert.Equal("alien-abduction", unknown);
    }

    private static GeoPoint ToPoint(GeoFix fix) => new(fix.Latitude, fix.Longitude);
}
