using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.Evaluation;

public sealed class GeofenceEvaluatorTests
{
    private static readonly GeoPoint Home = LocalGeodesy.Offset(Fences.Anlong, 300, -200);
    private static readonly GeoPoint School = LocalGeodesy.Offset(Fences.Anlong, -1_200, 900);

    private static readonly WeeklySchedule SchoolHours =
        new([new ScheduleWindow(WeekDays.Workdays, new TimeOnly(7, 30), new TimeOnly(17, 0))]);

    /// <summary>Grandma Wang (device 1, elder, Wufu): her home (200 m) and the Wufu boundary (3 km square), both keep-in.</summary>
    private static GeofenceEvaluator ElderFences(params Geofence[] more) => new(Fences.Index(
        [
            Fences.Circle("wang-home", Home, 200, assignment: new DeviceAssignment(1)),
            Fences.PolygonFence("wufu", Fences.Square(Fences.Anlong, 1_500), assignment: new CommunityBoundaryAssignment("wufu")),
            .. more,
        ]));

    private static List<FenceTransition> Run(GeofenceEvaluator evaluator, Device device, DeviceFenceState state, IEnumerable<(GeoPoint Point, double Accuracy, DateTimeOffset At)> fixes, TimeZoneInfo? zone = null)
    {
        var transitions = new List<FenceTransition>();
        foreach (var (point, accuracy, at) in fixes)
        {
            transitions.AddRange(evaluator.Evaluate(device, new Location(point, accuracy, LocationSource.Gnss, at), at, zone ?? Fences.Shanghai, state));
        }

        return transitions;
    }

    [Fact]
    public void Evaluate_ElderWalksOutOfHerSafeZone_OneConfirmedExitAfterTwoOutsideFixes()
    {
        var evaluator = ElderFences();
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var random = new Random(1);

        // She walks east from her door at 1.4 m/s, a fix every 30 s (42 m), accuracy 8 m with up to 7 m of error.
        var fixes = Enumerable.Range(0, 25).Select(k => (
            Point: Fences.Jitter(random, LocalGeodesy.Offset(Home, 0, 42 * k), 7),
            Accuracy: 8.0,
            At: Fences.MondayNine.AddSeconds(30 * k)));

        var transitions = Run(evaluator, elder, state, fixes);

        var exit = Assert.Single(transitions);
        Assert.Equal(("wang-home", FenceTransitionKind.Exited, true, 1u), (exit.FenceId, exit.Kind, exit.IsAlarm, exit.DeviceId));
        // 200 m + 8 m accuracy + 10 m margin: first clearly outside at 6 × 42 = 252 m, confirmed by the 7th fix.
        Assert.Equal(Fences.MondayNine.AddSeconds(30 * 7), exit.At);
        var tracker = Assert.Single(state.Trackers.ToArray());
        Assert.Equal(TrackerPhase.Confirmed, tracker.Phase);
    }

    [Fact]
    public void Evaluate_ElderComesHome_ReportsTheReturnOnceAndForgetsTheTracker()
    {
        var evaluator = ElderFences();
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var away = LocalGeodesy.Offset(Home, 0, 600);

        var transitions = Run(evaluator, elder, state,
        [
            (away, 10, Fences.MondayNine), (away, 10, Fences.MondayNine.AddSeconds(30)),
            (Home, 10, Fences.MondayNine.AddSeconds(600)), (Home, 10, Fences.MondayNine.AddSeconds(630)),
        ]);

        Assert.Equal(
            [(FenceTransitionKind.Exited, true), (FenceTransitionKind.Entered, false)],
            transitions.Select(t => (t.Kind, t.IsAlarm)));
        Assert.Equal(0, state.Count);
    }

    /// <summary>Only the Wufu boundary (3 km square, keep-in) and a pond every elder of Wufu keeps out of.</summary>
    private static GeofenceEvaluator BorderFences(GeoPoint pond) => new(Fences.Index(
        Fences.PolygonFence("wufu", Fences.Square(Fences.Anlong, 1_500), assignment: new CommunityBoundaryAssignment("wufu")),
        Fences.Circle("pond", pond, 120, GeofenceMode.KeepOut, new KindAssignment(DeviceKind.ElderWristband, "wufu"))));

    /// <summary>The point at <paramref name="metres"/> along the perimeter of the 3 km Wufu square.</summary>
    private static GeoPoint OnCommunityBorder(double metres)
    {
        var t = metres % 12_000;
        var (north, east) = t switch
        {
            < 3_000 => (-1_500.0, -1_500 + t),
            < 6_000 => (-1_500 + (t - 3_000), 1_500.0),
            < 9_000 => (1_500.0, 1_500 - (t - 6_000)),
            _ => (1_500 - (t - 9_000), -1_500.0),
        };
        return LocalGeodesy.Offset(Fences.Anlong, north, east);
    }

    [Fact]
    public void Evaluate_WearerWalksAlongTheBorderWithJitter_NoTransitions()
    {
        // Her true position stays on the border of the community (keep-in polygon) or of the pond (keep-out circle)
        // while her fixes wander within their accuracy (5-30 m): hundreds of fixes, with ticks in between.
        var pond = LocalGeodesy.Offset(Fences.Anlong, 300, 700);
        var evaluator = BorderFences(pond);
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var random = new Random(2026);
        var transitions = new List<FenceTransition>();
        var at = Fences.MondayNine;

        for (var k = 0; k < 600; k++)
        {
            var accuracy = 5 + (random.NextDouble() * 25);
            var angle = k * Math.PI / 150;
            var onBorder = k % 2 == 0
                ? OnCommunityBorder(k * 20.0)
                : LocalGeodesy.Offset(pond, 120 * Math.Cos(angle), 120 * Math.Sin(angle));
            var fix = new Location(Fences.Jitter(random, onBorder, accuracy), accuracy, LocationSource.Gnss, at);

            transitions.AddRange(evaluator.Evaluate(elder, fix, at, Fences.Shanghai, state));
            transitions.AddRange(evaluator.Tick(elder, at.AddSeconds(90), Fences.Shanghai, state));
            at = at.AddSeconds(20);
        }

        Assert.Empty(transitions);
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Evaluate_WearerStandingOnTheBorderOfTheCommunity_NoTransitions()
    {
        var evaluator = BorderFences(LocalGeodesy.Offset(Fences.Anlong, 300, 700));
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var random = new Random(99);
        var gate = LocalGeodesy.Offset(Fences.Anlong, 1_500, 0);

        var fixes = Enumerable.Range(0, 400).Select(k => (Fences.Jitter(random, gate, 12), 12.0, Fences.MondayNine.AddSeconds(15 * k)));

        Assert.Empty(Run(evaluator, elder, state, fixes));
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Evaluate_SameWalkWithErrorsBeyondTheAccuracy_IsCaughtByTheCount()
    {
        // Control: if the fixes strayed 3× their accuracy, the same walk would produce transitions.
        var pond = LocalGeodesy.Offset(Fences.Anlong, 300, 700);
        var evaluator = BorderFences(pond);
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var random = new Random(2026);
        var transitions = new List<FenceTransition>();

        for (var k = 0; k < 600; k++)
        {
            var at = Fences.MondayNine.AddSeconds(20 * k);
            var fix = new Location(Fences.Jitter(random, OnCommunityBorder(k * 20.0), 30), 5, LocationSource.Gnss, at);
            transitions.AddRange(evaluator.Evaluate(elder, fix, at, Fences.Shanghai, state));
        }

        Assert.NotEmpty(transitions);
    }

    [Fact]
    public void Tick_WearerGoesSilentOutside_ConfirmsAfterSixtySeconds()
    {
        var evaluator = ElderFences();
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var outside = LocalGeodesy.Offset(Home, 500, 0);

        Assert.Empty(evaluator.Evaluate(elder, Fences.Fix(outside), Fences.MondayNine, Fences.Shanghai, state));
        Assert.Empty(evaluator.Tick(elder, Fences.MondayNine.AddSeconds(30), Fences.Shanghai, state));
        Assert.Empty(evaluator.Tick(elder, Fences.MondayNine.AddSeconds(59), Fences.Shanghai, state));
        var exit = Assert.Single(evaluator.Tick(elder, Fences.MondayNine.AddSeconds(60), Fences.Shanghai, state));
        Assert.Empty(evaluator.Tick(elder, Fences.MondayNine.AddSeconds(120), Fences.Shanghai, state));

        Assert.Equal(("wang-home", FenceTransitionKind.Exited, outside), (exit.FenceId, exit.Kind, exit.Point));
        Assert.Equal(Fences.MondayNine.AddSeconds(60), exit.At);
    }

    [Fact]
    public void Tick_FenceWithMoreFixesToConfirm_StillConfirmsByTime()
    {
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("bike-parking", Home, 50, assignment: new DeviceAssignment(9), debounce: new DebounceOverrides { ConfirmFixes = 5, ConfirmAfter = TimeSpan.FromSeconds(120) })));
        var bike = Fences.Device(9, DeviceKind.EbikeChip);
        var state = new DeviceFenceState();
        var moved = LocalGeodesy.Offset(Home, 0, 300);

        evaluator.Evaluate(bike, Fences.Fix(moved, 30), Fences.MondayNine, Fences.Shanghai, state);
        Assert.Empty(evaluator.Evaluate(bike, Fences.Fix(moved, 30), Fences.MondayNine.AddSeconds(30), Fences.Shanghai, state));
        Assert.Empty(evaluator.Tick(bike, Fences.MondayNine.AddSeconds(119), Fences.Shanghai, state));

        Assert.Single(evaluator.Tick(bike, Fences.MondayNine.AddSeconds(120), Fences.Shanghai, state));
    }

    [Fact]
    public void Evaluate_ChildEntersKeepOutPond_EnteredAlarmThenExitedAllClear()
    {
        var pond = Fences.Polygon(School, (0, 0), (0, 150), (80, 170), (90, 10));
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.PolygonFence("pond", pond, GeofenceMode.KeepOut, new KindAssignment(DeviceKind.ChildWristband, "wufu"))));
        var child = Fences.Device(5, DeviceKind.ChildWristband);
        var state = new DeviceFenceState();
        var outside = LocalGeodesy.Offset(School, -100, 75);
        var inside = LocalGeodesy.Offset(School, 45, 80);

        var transitions = Run(evaluator, child, state,
        [
            (outside, 8, Fences.MondayNine), (inside, 8, Fences.MondayNine.AddSeconds(20)), (inside, 8, Fences.MondayNine.AddSeconds(40)),
            (inside, 8, Fences.MondayNine.AddSeconds(60)), (outside, 8, Fences.MondayNine.AddSeconds(80)),
        ]);

        Assert.Equal(
            [("pond", FenceTransitionKind.Entered, true, Fences.MondayNine.AddSeconds(40)), ("pond", FenceTransitionKind.Exited, false, Fences.MondayNine.AddSeconds(80))],
            transitions.Select(t => (t.FenceId, t.Kind, t.IsAlarm, t.At)));
    }

    [Fact]
    public void Evaluate_KeepOutFenceOfAnotherKindOrCommunity_IsIgnored()
    {
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("pond-children", School, 100, GeofenceMode.KeepOut, new KindAssignment(DeviceKind.ChildWristband, "wufu")),
            Fences.Circle("pond-tiangu", School, 100, GeofenceMode.KeepOut, new CommunityBoundaryAssignment("tiangu"))));
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();

        var transitions = Run(evaluator, elder, state, [(School, 5, Fences.MondayNine), (School, 5, Fences.MondayNine.AddSeconds(30))]);

        Assert.Empty(transitions);
    }

    [Fact]
    public void Evaluate_ChildAtHomeDuringSchoolHours_ExitedOnlyWhileTheWindowIsOpen()
    {
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("school", School, 150, assignment: new KindAssignment(DeviceKind.ChildWristband, "wufu"), schedule: SchoolHours)));
        var child = Fences.Device(5, DeviceKind.ChildWristband);
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(8));

        IEnumerable<(GeoPoint, double, DateTimeOffset)> TwoFixesAtHome(DateTimeOffset at) => [(Home, 10, at), (Home, 10, at.AddSeconds(30))];

        Assert.Single(Run(evaluator, child, new DeviceFenceState(), TwoFixesAtHome(monday.AddHours(10))));
        Assert.Single(Run(evaluator, child, new DeviceFenceState(), TwoFixesAtHome(monday.AddHours(7.5))));
        Assert.Empty(Run(evaluator, child, new DeviceFenceState(), TwoFixesAtHome(monday.AddHours(7.49))));
        Assert.Empty(Run(evaluator, child, new DeviceFenceState(), TwoFixesAtHome(monday.AddHours(17))));
        Assert.Empty(Run(evaluator, child, new DeviceFenceState(), TwoFixesAtHome(monday.AddDays(5).AddHours(10))));
    }

    [Fact]
    public void Evaluate_ScheduleIsReadInTheCommunityTimeZone_NotUtc()
    {
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("school", School, 150, assignment: new KindAssignment(DeviceKind.ChildWristband, "wufu"), schedule: SchoolHours)));
        var child = Fences.Device(5, DeviceKind.ChildWristband);
        var mondayOneUtc = new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero); // 09:00 in Anlong
        (GeoPoint, double, DateTimeOffset)[] fixes = [(Home, 10, mondayOneUtc), (Home, 10, mondayOneUtc.AddSeconds(30))];

        Assert.Single(Run(evaluator, child, new DeviceFenceState(), fixes, Fences.Shanghai));
        Assert.Empty(Run(evaluator, child, new DeviceFenceState(), fixes, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData(4, 23, true)]   // Friday 23:00: the window opened at 22:00
    [InlineData(5, 5, true)]    // Saturday 05:00: Friday's window, after midnight
    [InlineData(5, 6, false)]   // Saturday 06:00: closed (end is exclusive)
    [InlineData(4, 5, false)]   // Friday 05:00: Thursday has no window
    [InlineData(5, 23, false)]  // Saturday 23:00: only Friday night is listed
    public void Evaluate_NightWindowCrossingMidnight_AppliesFromTheStartDayIntoTheNext(int dayOfMonth, int hour, bool alarms)
    {
        var night = new WeeklySchedule([new ScheduleWindow(WeekDays.Friday, new TimeOnly(22, 0), new TimeOnly(6, 0))]);
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("internet-cafe", School, 60, GeofenceMode.KeepOut, new KindAssignment(DeviceKind.ChildWristband, "wufu"), night)));
        var child = Fences.Device(5, DeviceKind.ChildWristband);
        var at = new DateTimeOffset(2026, 12, dayOfMonth, hour, 0, 0, TimeSpan.FromHours(8));

        var transitions = Run(evaluator, child, new DeviceFenceState(), [(School, 5, at), (School, 5, at.AddSeconds(30))]);

        Assert.Equal(alarms ? 1 : 0, transitions.Count);
    }

    [Fact]
    public void Evaluate_WindowClosesWhilePending_RaisesNothingAndResetsTheTracker()
    {
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("school", School, 150, assignment: new KindAssignment(DeviceKind.ChildWristband, "wufu"), schedule: SchoolHours)));
        var child = Fences.Device(5, DeviceKind.ChildWristband);
        var state = new DeviceFenceState();
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(8));

        Assert.Empty(evaluator.Evaluate(child, Fences.Fix(Home), monday.AddHours(16.99), Fences.Shanghai, state));
        Assert.Equal(1, state.Count);
        Assert.Empty(evaluator.Evaluate(child, Fences.Fix(Home), monday.AddHours(17), Fences.Shanghai, state));
        Assert.Equal(0, state.Count);
        Assert.Empty(evaluator.Tick(child, monday.AddHours(18), Fences.Shanghai, state));

        // The next morning counting starts again from the first fix.
        Assert.Empty(evaluator.Evaluate(child, Fences.Fix(Home), monday.AddDays(1).AddHours(8), Fences.Shanghai, state));
        Assert.Single(evaluator.Evaluate(child, Fences.Fix(Home), monday.AddDays(1).AddHours(8).AddSeconds(30), Fences.Shanghai, state));
    }

    [Fact]
    public void Tick_WindowClosedWhilePending_DropsTheTracker()
    {
        var evaluator = new GeofenceEvaluator(Fences.Index(
            Fences.Circle("school", School, 150, assignment: new KindAssignment(DeviceKind.ChildWristband, "wufu"), schedule: SchoolHours)));
        var child = Fences.Device(5, DeviceKind.ChildWristband);
        var state = new DeviceFenceState();
        var monday = new DateTimeOffset(2026, 11, 30, 16, 59, 30, TimeSpan.FromHours(8));

        evaluator.Evaluate(child, Fences.Fix(Home), monday, Fences.Shanghai, state);

        Assert.Empty(evaluator.Tick(child, monday.AddSeconds(60), Fences.Shanghai, state));
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Evaluate_FenceRemovedWhilePending_DropsTheTracker()
    {
        var evaluator = ElderFences();
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var outside = LocalGeodesy.Offset(Home, 500, 0);

        evaluator.Evaluate(elder, Fences.Fix(outside), Fences.MondayNine, Fences.Shanghai, state);
        Assert.Equal(1, state.Count);
        evaluator.Index.Remove("wang-home");

        Assert.Empty(evaluator.Evaluate(elder, Fences.Fix(outside), Fences.MondayNine.AddSeconds(30), Fences.Shanghai, state));
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Evaluate_InaccurateFixFarFromAKeepInFence_StillDecidesByFullGeometry()
    {
        // A receiver-located fix (accuracy 2 km) 5 km away: beyond the index's expansion, classified in full.
        var evaluator = ElderFences();
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var far = LocalGeodesy.Offset(Home, 5_000, 0);

        var transitions = Run(evaluator, elder, state, [(far, 2_000, Fences.MondayNine), (far, 2_000, Fences.MondayNine.AddSeconds(30))]);

        Assert.Equal(["wang-home", "wufu"], transitions.Select(t => t.FenceId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(
            Run(evaluator, elder, new DeviceFenceState(), [(far, 4_000, Fences.MondayNine), (far, 4_000, Fences.MondayNine.AddSeconds(30))]),
            t => t.FenceId == "wufu");
    }

    [Fact]
    public void Evaluate_InvalidPoint_IsIgnored()
    {
        var evaluator = ElderFences();
        var state = new DeviceFenceState();

        Assert.Empty(evaluator.Evaluate(Fences.Device(1), Fences.Fix(new GeoPoint(double.NaN, 105)), Fences.MondayNine, Fences.Shanghai, state));
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Evaluate_ThousandsOfFences_MatchesABruteForceEvaluation()
    {
        // The indexed evaluator against a reference that classifies every assigned fence in full, over random walks.
        var random = new Random(4242);
        var fences = Fences.RandomCounty(random, 4_000);
        var evaluator = new GeofenceEvaluator(Fences.Index([.. fences]));
        var reference = evaluator.Index.Snapshot.Fences.ToList();
        var compared = 0;

        for (var d = 0; d < 12; d++)
        {
            var device = Fences.Device((uint)random.Next(1, 200), (DeviceKind)random.Next(1, 4), $"c{random.Next(0, 10)}");
            var state = new DeviceFenceState();
            var referenceTrackers = new Dictionary<string, GeofenceTracker>();
            var position = LocalGeodesy.Offset(Fences.Anlong, random.Next(-25_000, 25_000), random.Next(-25_000, 25_000));
            var at = Fences.MondayNine;
            for (var k = 0; k < 120; k++)
            {
                position = LocalGeodesy.Offset(position, random.Next(-150, 150), random.Next(-150, 150));
                var accuracy = random.Next(3, 400);
                at = at.AddSeconds(20);

                var actual = evaluator.Evaluate(device, new Location(position, accuracy, LocationSource.Gnss, at), at, Fences.Shanghai, state)
                    .Select(t => (t.FenceId, t.Kind)).Order().ToList();

                var expected = new List<(string, FenceTransitionKind)>();
                foreach (var fence in reference.Where(f => f.AppliesTo(device)))
                {
                    var tracker = referenceTrackers.TryGetValue(fence.Id, out var t) ? t : new GeofenceTracker(fence.Id, fence.Mode);
                    var signal = tracker.Observe(fence.Classify(position, accuracy), position, at, fence.Debounce);
                    referenceTrackers[fence.Id] = tracker;
                    if (signal != TrackerSignal.None)
                    {
                        var exited = (signal == TrackerSignal.Confirmed) == (fence.Mode == GeofenceMode.KeepIn);
                        expected.Add((fence.Id, exited ? FenceTransitionKind.Exited : FenceTransitionKind.Entered));
                    }
                }

                Assert.Equal(expected.Order().ToList(), actual);
                compared += actual.Count;
            }
        }

        Assert.InRange(compared, 50, int.MaxValue);
    }

    [Fact]
    public void Evaluate_SteadyState_AllocatesNoMoreThanTheNtsPointLocator()
    {
        var evaluator = ElderFences();
        var elder = Fences.Device(1);
        var state = new DeviceFenceState();
        var random = new Random(5);
        var fixes = Enumerable.Range(0, 200).Select(_ => Fences.Fix(Fences.Jitter(random, Home, 150), 10)).ToArray();
        foreach (var fix in fixes)
        {
            evaluator.Evaluate(elder, fix, Fences.MondayNine, Fences.Shanghai, state);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var fix in fixes)
        {
            evaluator.Evaluate(elder, fix, Fences.MondayNine, Fences.Shanghai, state);
        }

        var perFix = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)fixes.Length;
        Assert.InRange(perFix, 0, 100);
    }

    [Fact]
    public void GeofenceTracker_IsSmall()
    {
        Assert.InRange(System.Runtime.CompilerServices.Unsafe.SizeOf<GeofenceTracker>(), 1, 64);
    }
}
