using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Protocol.Radio;
using static SafeCommunity.Iot.Alarms.Tests.Support.AlarmFixtures;

namespace SafeCommunity.Iot.Alarms.Tests.Rules;

public sealed class DeviceRulesTests
{
    private readonly DeviceRegistry _registry = Registry();
    private readonly DeviceRuleState _state = new();
    private readonly List<AlarmIntent> _intents = [];

    [Fact]
    public void AnSosEvent_RaisesOneCriticalIntent_WithTheReceiverAndItsCommunity()
    {
        var rules = Rules();

        rules.Evaluate(Uplink(_registry, RadioFrame.AlarmEvent(Wristband, 1, DeviceStatusFlags.Sos, 80, AlarmEventCode.Sos), T0), _state, _intents);

        var intent = Assert.Single(_intents);
        Assert.Equal((AlarmKind.Sos, AlarmSeverity.Critical, "sos"), (intent.Kind, intent.Severity, intent.ConditionKey));
        Assert.Equal((uint?)Wristband, intent.DeviceId);
        Assert.Equal(["gate-north"], intent.ReceiverIds);
        Assert.Equal("wufu", intent.SeenCommunityId);
        Assert.Equal(T0, intent.At);
    }

    [Fact]
    public void AStatusFlag_RaisesOnItsRisingEdgeOnly()
    {
        var rules = Rules();

        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 80), T0), _state, _intents);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 2, DeviceStatusFlags.Removed, 80), T0.AddSeconds(30)), _state, _intents);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 3, DeviceStatusFlags.Removed, 80), T0.AddSeconds(60)), _state, _intents);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 4, DeviceStatusFlags.None, 80), T0.AddSeconds(90)), _state, _intents);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 5, DeviceStatusFlags.Removed, 80), T0.AddSeconds(120)), _state, _intents);

        Assert.Equal([T0.AddSeconds(30), T0.AddSeconds(120)], _intents.Select(i => i.At));
        Assert.All(_intents, i => Assert.Equal(AlarmKind.WristbandRemoved, i.Kind));
    }

    [Fact]
    public void AMergedDuplicate_RaisesNothing_ButAStolenBikeHeardAgainIsASighting()
    {
        var rules = Rules();
        _registry.ApplyTheft(new TheftReport
        {
            Id = 3, DeviceId = Chip, PoliceReportNumber = "AL-2026-0117", StolenAt = T0.AddHours(-2),
            ReportedBy = "owner-wf-001", ReportedAt = T0.AddHours(-1),
        });
        var frame = RadioFrame.AlarmEvent(Chip, 1, DeviceStatusFlags.Tamper, 80, AlarmEventCode.Tamper);

        rules.Evaluate(Uplink(_registry, frame, T0), _state, _intents);
        rules.Evaluate(Uplink(_registry, frame, T0.AddMilliseconds(300), duplicate: true), _state, _intents);

        Assert.Equal(
            [AlarmKind.StolenBikeSighted, AlarmKind.Tamper, AlarmKind.StolenBikeSighted],
            _intents.Select(i => i.Kind));
        Assert.All(_intents.Where(i => i.Kind == AlarmKind.StolenBikeSighted), i => Assert.Equal("theft:3", i.ConditionKey));
    }

    [Fact]
    public void ABatteryBelowTheThreshold_RaisesOnce_AndAgainOnlyAfterItWasChargedWellAbove()
    {
        var rules = Rules();
        byte[] levels = [15, 18, 23, 30, 15];

        for (var i = 0; i < levels.Length; i++)
        {
            rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, (uint)i + 1, DeviceStatusFlags.None, levels[i]), T0.AddMinutes(i)), _state, _intents);
        }

        // 23 % is within the hysteresis above the 20 % threshold: still low; 30 % resets it.
        Assert.Equal([T0, T0.AddMinutes(4)], _intents.Select(i => i.At));
        Assert.All(_intents, i => Assert.Equal(AlarmKind.LowBattery, i.Kind));
    }

    [Fact]
    public void ARuleDisabledForAKindOfDevice_RaisesNothingForThatKind()
    {
        var rules = Rules(new AlarmRuleOptions { DisabledRules = new() { ["elder-wristband"] = ["low-battery"] } });

        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 5), T0), _state, _intents);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Chip, 1, DeviceStatusFlags.None, 5), T0), new DeviceRuleState(), _intents);

        var intent = Assert.Single(_intents);
        Assert.Equal((uint?)Chip, intent.DeviceId);
    }

    [Fact]
    public void AWristbandNotHeard_GoesSilentOnceAfterItsLimit_AndAgainAfterItWasHeardInBetween()
    {
        var rules = Rules();
        _registry.TryGetDevice(Wristband, out var wristband);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 80), T0), _state, _intents);

        rules.Tick(wristband, _state, T0.AddMinutes(9), _intents);
        Assert.Empty(_intents);

        rules.Tick(wristband, _state, T0.AddMinutes(10), _intents);
        rules.Tick(wristband, _state, T0.AddMinutes(40), _intents);
        var silent = Assert.Single(_intents);
        Assert.Equal((AlarmKind.SilentTooLong, AlarmSeverity.High), (silent.Kind, silent.Severity));

        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Wristband, 2, DeviceStatusFlags.None, 80), T0.AddHours(1)), _state, _intents);
        rules.Tick(wristband, _state, T0.AddHours(1).AddMinutes(10), _intents);
        Assert.Equal(2, _intents.Count(i => i.Kind == AlarmKind.SilentTooLong));
    }

    [Fact]
    public void AnArmedBike_MovedFurtherThanTheThresholdAndBothAccuracies_RaisesMovedWhileArmed()
    {
        var rules = Rules();
        var parked = new Location(Gate, 10, LocationSource.Receivers, T0);
        var nearby = new Location(LocalGeodesy.Offset(Gate, 60, 0), 10, LocationSource.Receivers, T0.AddMinutes(1));
        var away = new Location(LocalGeodesy.Offset(Gate, 200, 0), 10, LocationSource.Receivers, T0.AddMinutes(2));

        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Chip, 1, DeviceStatusFlags.Armed, 80), T0, parked), _state, _intents);
        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Chip, 2, DeviceStatusFlags.Armed, 80), T0.AddMinutes(1), nearby), _state, _intents);
        Assert.Empty(_intents);

        rules.Evaluate(Uplink(_registry, RadioFrame.Beacon(Chip, 3, DeviceStatusFlags.Armed, 80), T0.AddMinutes(2), away), _state, _intents);

        var moved = Assert.Single(_intents);
        Assert.Equal(AlarmKind.MovedWhileArmed, moved.Kind);
        Assert.Equal(away, moved.Location);
    }

    [Fact]
    public void ForgedFrames_RaiseASecurityIntentAtTheThresholdWithinTheWindow_NotBefore()
    {
        var options = new AlarmRuleOptions();
        var rules = Rules(options);
        _registry.TryGetDevice(Chip, out var chip);

        for (var i = 0; i < options.SecurityThreshold - 1; i++)
        {
            rules.Suspicious(chip, "gate-north", T0.AddSeconds(i), UplinkOutcome.BadMic, _state, _intents);
        }

        Assert.Empty(_intents);
        rules.Suspicious(chip, "gate-north", T0.AddMinutes(1), UplinkOutcome.BadMic, _state, _intents);

        var security = Assert.Single(_intents);
        Assert.Equal(AlarmKind.Security, security.Kind);
        Assert.Contains("wrong MIC", security.Detail, StringComparison.Ordinal);
    }

    private DeviceRules Rules(AlarmRuleOptions? options = null) => new(options ?? new AlarmRuleOptions(), _registry, new GeofenceIndex());
}
