using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.Evaluation;

public sealed class GeofenceTrackerTests
{
    private static readonly DateTimeOffset T0 = Fences.MondayNine;
    private static readonly DebounceSettings Defaults = DebounceSettings.Default;

    private static TrackerSignal Feed(ref GeofenceTracker tracker, FenceSide side, double seconds) =>
        tracker.Observe(side, Fences.Anlong, T0.AddSeconds(seconds), Defaults);

    [Fact]
    public void Observe_KeepIn_TwoOutsideFixesConfirm()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);

        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Outside, 0));
        Assert.Equal(TrackerPhase.Pending, tracker.Phase);
        Assert.Equal(TrackerSignal.Confirmed, Feed(ref tracker, FenceSide.Outside, 10));
        Assert.Equal(TrackerPhase.Confirmed, tracker.Phase);
        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Outside, 20));
    }

    [Fact]
    public void Observe_UncertainBetweenOutsideFixes_NeitherConfirmsNorResets()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);

        Feed(ref tracker, FenceSide.Outside, 0);
        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Uncertain, 10));
        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Uncertain, 20));
        Assert.Equal(1, tracker.WrongSideFixes);
        Assert.Equal(TrackerSignal.Confirmed, Feed(ref tracker, FenceSide.Outside, 30));
    }

    [Fact]
    public void Observe_InsideBetweenOutsideFixes_ResetsTheCount()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);

        Feed(ref tracker, FenceSide.Outside, 0);
        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Inside, 10));
        Assert.True(tracker.IsArmed);
        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Outside, 20));
        Assert.Equal(TrackerSignal.Confirmed, Feed(ref tracker, FenceSide.Outside, 30));
    }

    [Fact]
    public void Observe_OneInsideFixAfterAConfirmedExit_Rearms()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);
        Feed(ref tracker, FenceSide.Outside, 0);
        Feed(ref tracker, FenceSide.Outside, 10);

        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Uncertain, 20));
        Assert.Equal(TrackerSignal.Rearmed, Feed(ref tracker, FenceSide.Inside, 30));
        Assert.True(tracker.IsArmed);
    }

    [Fact]
    public void Observe_KeepOut_MirrorsKeepIn()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepOut);

        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Outside, 0));
        Assert.Equal(TrackerSignal.None, Feed(ref tracker, FenceSide.Inside, 10));
        Assert.Equal(TrackerSignal.Confirmed, Feed(ref tracker, FenceSide.Inside, 20));
        Assert.Equal(TrackerSignal.Rearmed, Feed(ref tracker, FenceSide.Outside, 30));
    }

    [Fact]
    public void Observe_SlowFixes_ConfirmByTimeOnTheSecondFixOnlyWhenCountAllowsIt()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);
        var settings = Defaults with { ConfirmFixes = 5 };

        Assert.Equal(TrackerSignal.None, tracker.Observe(FenceSide.Outside, Fences.Anlong, T0, settings));
        Assert.Equal(TrackerSignal.None, tracker.Observe(FenceSide.Outside, Fences.Anlong, T0.AddSeconds(59), settings));
        Assert.Equal(TrackerSignal.Confirmed, tracker.Observe(FenceSide.Outside, Fences.Anlong, T0.AddSeconds(60), settings));
    }

    [Fact]
    public void Tick_LastFixOutside_ConfirmsAfterT()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);
        Feed(ref tracker, FenceSide.Outside, 0);

        Assert.Equal(TrackerSignal.None, tracker.Tick(T0.AddSeconds(59.9), Defaults));
        Assert.Equal(TrackerSignal.Confirmed, tracker.Tick(T0.AddSeconds(60), Defaults));
        Assert.Equal(TrackerSignal.None, tracker.Tick(T0.AddSeconds(120), Defaults));
    }

    [Fact]
    public void Tick_LastFixUncertain_WaitsForTheNextOutsideFix()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);
        var settings = Defaults with { ConfirmFixes = 10 };
        tracker.Observe(FenceSide.Outside, Fences.Anlong, T0, settings);
        tracker.Observe(FenceSide.Uncertain, Fences.Anlong, T0.AddSeconds(30), settings);

        Assert.Equal(TrackerSignal.None, tracker.Tick(T0.AddSeconds(90), settings));
        Assert.Equal(TrackerSignal.Confirmed, tracker.Observe(FenceSide.Outside, Fences.Anlong, T0.AddSeconds(95), settings));
    }

    [Fact]
    public void Tick_Armed_DoesNothing()
    {
        var tracker = new GeofenceTracker("f", GeofenceMode.KeepIn);

        Assert.Equal(TrackerSignal.None, tracker.Tick(T0.AddDays(1), Defaults));
    }
}
