using SafeCommunity.Iot.Alarms.Engine;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Receivers;
using static SafeCommunity.Iot.Alarms.Tests.Support.AlarmFixtures;

namespace SafeCommunity.Iot.Alarms.Tests.Engine;

public sealed class AlarmEngineTests
{
    private static readonly AlarmRuleOptions Options = new();
    private readonly ReceiverStatusBoard _board = new();
    private readonly List<AlarmEvent> _events = [];

    [Fact]
    public void Raise_TheSameConditionTwice_OpensOneAlarmAndUpdatesIt_NumberingOnFromTheStoredSequence()
    {
        var engine = Engine(lastSequence: 41, lastId: 7);

        engine.Raise([Sos(Wristband, T0), Sos(Wristband, T0.AddSeconds(20))], _events);

        Assert.Equal([42L, 43L], _events.Select(e => e.Sequence));
        Assert.Equal([AlarmEventType.Raised, AlarmEventType.Updated], _events.Select(e => e.Type));
        Assert.All(_events, e => Assert.Equal(8L, e.Alarm.Id));
        Assert.Equal(2, _events[1].Alarm.Count);
        Assert.Equal(T0.AddSeconds(20), _events[1].Alarm.LastSeen);
        Assert.Equal(43L, engine.LastSequence);
        Assert.Equal(1, engine.ActiveCount);
    }

    [Fact]
    public void Apply_AcknowledgeTwice_TheSecondIsRefusedAndUsesNoSequenceNumber()
    {
        var engine = Engine();
        engine.Raise([Sos(Wristband, T0)], _events);
        var id = _events[0].Alarm.Id;

        var first = engine.Apply(AlarmRequest.Acknowledge(id, "officer-wf-01", T0.AddMinutes(1)), _events);
        var second = engine.Apply(AlarmRequest.Acknowledge(id, "officer-wf-02", T0.AddMinutes(2)), _events);

        Assert.Equal(AlarmChangeError.None, first.Error);
        Assert.Equal("officer-wf-01", first.Event!.Alarm.AcknowledgedBy);
        Assert.Equal(AlarmChangeError.AlreadyAcknowledged, second.Error);
        Assert.Null(second.Event);
        Assert.Equal([1L, 2L], _events.Select(e => e.Sequence));
        Assert.Equal(2L, engine.LastSequence);
    }

    [Fact]
    public void Apply_Resolve_ClosesTheAlarm_AndTheSameConditionLaterOpensANewOne()
    {
        var engine = Engine();
        engine.Raise([Sos(Wristband, T0)], _events);
        var id = _events[0].Alarm.Id;

        var resolved = engine.Apply(AlarmRequest.Resolve(id, "officer-wf-01", "found at the market, safe", T0.AddMinutes(5)), _events);
        engine.Raise([Sos(Wristband, T0.AddHours(1))], _events);

        Assert.Equal(AlarmState.Resolved, resolved.Event!.Alarm.State);
        Assert.Equal("found at the market, safe", resolved.Event.Alarm.ResolutionNote);
        Assert.Null(engine.FindActive(id));
        Assert.Equal(AlarmEventType.Raised, _events[^1].Type);
        Assert.NotEqual(id, _events[^1].Alarm.Id);
        Assert.Equal([1L, 2L, 3L], _events.Select(e => e.Sequence));
    }

    [Fact]
    public void Apply_ToAnUnknownAlarm_IsRefusedAsNotActive()
    {
        var engine = Engine();

        var change = engine.Apply(AlarmRequest.Resolve(999, "officer-wf-01", "?", T0), _events);

        Assert.Equal(AlarmChangeError.NotActive, change.Error);
        Assert.Empty(_events);
        Assert.Equal(0L, engine.LastSequence);
    }

    [Fact]
    public void Tick_EscalatesAnUnacknowledgedCriticalAlarmOnce_AfterTheEscalationTime_AndNothingElse()
    {
        var engine = Engine();
        engine.Raise([Sos(Wristband, T0), Sos(Chip, T0), LowBattery(Wristband, T0)], _events);
        var chipAlarm = _events.Single(e => e.Alarm.DeviceId == Chip).Alarm.Id;
        engine.Apply(AlarmRequest.Acknowledge(chipAlarm, "officer-wf-01", T0.AddSeconds(30)), _events);
        _events.Clear();

        engine.Tick(T0 + Options.EscalateAfter - TimeSpan.FromSeconds(1), _events);
        Assert.Empty(_events);

        engine.Tick(T0 + Options.EscalateAfter, _events);
        engine.Tick(T0 + Options.EscalateAfter + TimeSpan.FromMinutes(10), _events);

        var escalated = Assert.Single(_events);
        Assert.Equal(AlarmEventType.Escalated, escalated.Type);
        Assert.Equal(Wristband, escalated.Alarm.DeviceId);
        Assert.Equal(AlarmKind.Sos, escalated.Alarm.Kind);
        Assert.Equal(T0 + Options.EscalateAfter, escalated.Alarm.EscalatedAt);
    }

    [Fact]
    public void Tick_AReceiverThatReportedThenStopped_RaisesOnce_AndAgainOnlyAfterItReportedInBetween()
    {
        var engine = Engine();
        _board.Update("gate-north", health => health with { LastStatusAt = T0 });
        _board.Update("never-installed", health => health);

        engine.Tick(T0 + Options.ReceiverSilentAfter - TimeSpan.FromSeconds(1), _events);
        Assert.Empty(_events);

        engine.Tick(T0 + Options.ReceiverSilentAfter, _events);
        engine.Tick(T0 + Options.ReceiverSilentAfter + TimeSpan.FromMinutes(30), _events);
        var silent = Assert.Single(_events);
        Assert.Equal(AlarmKind.ReceiverSilent, silent.Alarm.Kind);
        Assert.Equal("gate-north", silent.Alarm.ReceiverId);

        var back = T0 + TimeSpan.FromHours(1);
        _board.Update("gate-north", health => health with { LastStatusAt = back });
        engine.Tick(back.AddSeconds(1), _events);
        engine.Tick(back + Options.ReceiverSilentAfter, _events);

        Assert.Equal(2, _events.Count);
        Assert.Equal(AlarmEventType.Updated, _events[1].Type);
    }

    [Fact]
    public void StartedFromStoredAlarms_AnAcknowledgedAlarmIsUpdatedNotReopened_AndIsNotEscalated()
    {
        var stored = new Alarm
        {
            Id = 12,
            Kind = AlarmKind.Sos,
            Severity = AlarmSeverity.Critical,
            ConditionKey = "sos",
            DeviceId = Wristband,
            Subject = "Grandma Wang",
            HomeCommunityId = "wufu",
            FirstSeen = T0,
            LastSeen = T0,
            State = AlarmState.Acknowledged,
            AcknowledgedBy = "officer-wf-01",
            AcknowledgedAt = T0.AddMinutes(1),
        };
        var engine = new AlarmEngine(new AlarmStartState([stored], 30, 12), Options, Rules(), Ids(12));

        engine.Raise([Sos(Wristband, T0.AddMinutes(3))], _events);
        engine.Tick(T0.AddHours(1), _events);

        var updated = Assert.Single(_events);
        Assert.Equal((31L, AlarmEventType.Updated, 12L), (updated.Sequence, updated.Type, updated.Alarm.Id));
        Assert.Equal(AlarmState.Acknowledged, updated.Alarm.State);
        Assert.Equal(2, updated.Alarm.Count);
    }

    private AlarmEngine Engine(long lastSequence = 0, long lastId = 0) =>
        new(new AlarmStartState([], lastSequence, lastId), Options, Rules(), Ids(lastId));

    // The store's reservation, for one gateway alone: the next block after the last id reserved.
    private static AlarmIds Ids(long lastReserved) => new(count => lastReserved += count);

    private ReceiverRules Rules() => new(Options, Registry(), _board);
}
