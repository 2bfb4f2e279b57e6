using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using static SafeCommunity.Iot.Ingestion.Tests.Support.SafeZoneWalk;

namespace SafeCommunity.Iot.Ingestion.Tests.Alarms;

/// <summary>Wearers walking across fences, with real position reports through the real pipeline.</summary>
public sealed class GeofenceScenarioTests
{
    // The harness starts on Sunday 29 November 2026, 16:00 in Asia/Shanghai; Monday 09:00 there is 17 hours later.
    private static readonly TimeSpan MondayMorning = TimeSpan.FromHours(17);

    private static async Task<int> WalkAsync(PipelineHarness harness, IEnumerable<double> metresNorth, TimeSpan start, uint firstCounter, byte accuracy = 8)
    {
        var counter = firstCounter;
        var at = start;
        foreach (var north in metresNorth)
        {
            await harness.SendAsync(harness.Sign(Fix(counter++, north, accuracy)), at: at);
            at += TimeSpan.FromSeconds(30);
        }

        return (int)(counter - firstCounter);
    }

    private static List<AlarmEvent> FenceAlarms(PipelineHarness harness) =>
        [.. harness.Store.EventsAfter(0, 1000).Where(e => e.Alarm.Kind == AlarmKind.LeftSafeZone)];

    [Fact]
    public async Task ElderWalksOutOfHerSafeZone_OneAlarmAfterTheDebounce()
    {
        await using var harness = new PipelineHarness();
        harness.Geofences.Add(SafeZone());
        await harness.StartAsync();

        await WalkAsync(harness, [0, 100, 200, 260], TimeSpan.Zero, 1);
        Assert.Empty(FenceAlarms(harness));
        await WalkAsync(harness, [380], TimeSpan.FromMinutes(2), 5);
        Assert.Empty(FenceAlarms(harness)); // one fix outside is not yet an exit
        await WalkAsync(harness, [450, 520, 600, 700], TimeSpan.FromMinutes(3), 6);

        var alarm = Assert.Single(FenceAlarms(harness)).Alarm;
        Assert.Equal("fence:home-wang", alarm.ConditionKey);
        Assert.Equal(AlarmSeverity.High, alarm.Severity);
        Assert.Contains("Grandma Wang's home and square", alarm.Detail, StringComparison.Ordinal);
        Assert.InRange(LocalGeodesy.DistanceMetres(Home, alarm.Location!.Value.Point), 440, 460);
    }

    [Fact]
    public async Task WearerStandingOnTheBorderWithGnssJitter_RaisesNothing()
    {
        await using var harness = new PipelineHarness();
        harness.Geofences.Add(SafeZone());
        await harness.StartAsync();
        var random = new Random(1129);

        // 200 fixes within ±15 m of the 300 m border, each claiming 10 m accuracy.
        await WalkAsync(harness, Enumerable.Range(0, 200).Select(_ => 300 + ((random.NextDouble() * 30) - 15)), TimeSpan.Zero, 1, accuracy: 10);

        Assert.Empty(FenceAlarms(harness));
    }

    [Fact]
    public async Task WearerWhoStopsReportingOutside_IsConfirmedByTimeAlone()
    {
        await using var harness = new PipelineHarness();
        harness.Geofences.Add(SafeZone());
        await harness.StartAsync();

        await WalkAsync(harness, [100, 500], TimeSpan.Zero, 1);
        Assert.Empty(FenceAlarms(harness));

        // No further fix: after 60 s outside the clock confirms the exit.
        for (var i = 0; i < 300 && FenceAlarms(harness).Count == 0; i++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        Assert.Single(FenceAlarms(harness));
    }

    [Fact]
    public async Task GatewayRestartedMidCrossing_ConfirmsItByTimeAfterTheRestart()
    {
        var store = new InMemoryStore();
        await using (var before = new PipelineHarness(store: store))
        {
            before.Geofences.Add(SafeZone());
            await before.StartAsync();
            await WalkAsync(before, [100, 500], TimeSpan.Zero, 1);
        }

        // The pending exit was stored with her state: the restarted gateway's clock confirms it, with no new fix.
        await using var after = new PipelineHarness(store: store);
        after.Geofences.Add(SafeZone());
        await after.StartTickingAsync();
        after.Clock.SetUtcNow(PipelineHarness.Start + TimeSpan.FromSeconds(95));
        await after.TickThroughAsync();

        var alarm = Assert.Single(FenceAlarms(after)).Alarm;
        Assert.InRange(LocalGeodesy.DistanceMetres(Home, alarm.Location!.Value.Point), 490, 510);
    }

    [Fact]
    public async Task SchoolHoursFence_RaisesInsideItsWindow_AndNothingAfterTheWindowCloses()
    {
        var schoolHours = new WeeklySchedule([new ScheduleWindow(WeekDays.Workdays, new TimeOnly(8, 0), new TimeOnly(16, 0))]);
        await using (var inHours = new PipelineHarness())
        {
            inHours.Geofences.Add(SafeZone(schoolHours));
            await inHours.StartAsync();
            await WalkAsync(inHours, [0, 500, 550, 600], MondayMorning, 1);
            Assert.Single(FenceAlarms(inHours));
        }

        await using var afterHours = new PipelineHarness();
        afterHours.Geofences.Add(SafeZone(schoolHours));
        await afterHours.StartAsync();

        // Monday 16:30 in Shanghai: the window has closed.
        await WalkAsync(afterHours, [0, 500, 550, 600], MondayMorning + TimeSpan.FromHours(7.5), 1);

        Assert.Empty(FenceAlarms(afterHours));
    }
}
