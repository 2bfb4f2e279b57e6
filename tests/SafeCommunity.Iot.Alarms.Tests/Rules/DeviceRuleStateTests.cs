using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Alarms.Tests.Rules;

/// <summary>What of a device's rule memory is stored with its state, and how another process takes it up.</summary>
public sealed class DeviceRuleStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToMemory_NothingBeyondTheFrame_IsNull()
    {
        var state = new DeviceRuleState { LastHeard = T0, PreviousFlags = DeviceStatusFlags.Armed, LastLocation = Parked };

        Assert.Null(state.ToMemory());
    }

    [Fact]
    public void Restore_ThenToMemory_GivesBackLatchParkingSilenceAndEveryCrossing()
    {
        var memory = new DeviceRuleMemory
        {
            LowBatteryLatched = true,
            ArmedAt = Parked,
            SilentRaised = true,
            Fences =
            [
                new FenceCrossingMemory("home-wang", KeepOut: false, Confirmed: false, 1, T0.AddSeconds(-30), new GeoPoint(25.1046, 105.4690), true),
                new FenceCrossingMemory("river-bank", KeepOut: true, Confirmed: true, 4, T0.AddMinutes(-3), new GeoPoint(25.0991, 105.4702), false),
            ],
        };
        var state = new DeviceRuleState();

        state.Restore(memory);

        var again = state.ToMemory()!;
        Assert.Equal((true, Parked, true), (again.LowBatteryLatched, again.ArmedAt, again.SilentRaised));
        Assert.Equal(memory.Fences, again.Fences);
        var pending = state.Fences.Find("home-wang")!.Value;
        Assert.Equal((TrackerPhase.Pending, 1, T0.AddSeconds(-30), true), (pending.Phase, pending.WrongSideFixes, pending.WrongSideSince, pending.LastFixWasWrongSide));
    }

    [Fact]
    public void Restore_NoMemory_ForgetsWhatWasHeld()
    {
        var state = new DeviceRuleState();
        state.Restore(new DeviceRuleMemory
        {
            SilentRaised = true,
            Fences = [new FenceCrossingMemory("home-wang", false, false, 1, T0, new GeoPoint(25.1046, 105.4690), true)],
        });

        state.Restore(null);

        Assert.Null(state.ToMemory());
        Assert.Equal(0, state.Fences.Count);
    }

    private static Location Parked => new(new GeoPoint(25.1010, 105.4690), 35, LocationSource.Receivers, T0.AddMinutes(-5));
}
