using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using static SafeCommunity.Iot.Alarms.Tests.Support.AlarmFixtures;

namespace SafeCommunity.Iot.Alarms.Tests.Lifecycle;

public sealed class AlarmBookTests
{
    [Fact]
    public void AnUpdate_KeepsTheHighestSeverityAndTheLatestPlace_AndNeverMovesLastSeenBack()
    {
        var book = new AlarmBook([], 0, Ids(), TimeSpan.FromMinutes(2));
        var market = new Location(Gate, 15, LocationSource.Receivers, T0.AddMinutes(5));

        book.Raise(LowBattery(Wristband, T0.AddMinutes(5)) with { Severity = AlarmSeverity.High });
        var updated = book.Raise(LowBattery(Wristband, T0) with { Location = market });

        Assert.Equal(AlarmEventType.Updated, updated.Type);
        Assert.Equal(AlarmSeverity.High, updated.Alarm.Severity);
        Assert.Equal(market, updated.Alarm.Location);
        Assert.Equal(T0.AddMinutes(5), updated.Alarm.LastSeen);
    }

    [Fact]
    public void OneDeviceWithTwoConditions_HasTwoAlarms_AndEscalationComesInAlarmOrder()
    {
        var book = new AlarmBook([], 0, Ids(), TimeSpan.FromMinutes(2));
        var events = new List<AlarmEvent>();

        var fall = book.Raise(Sos(Wristband, T0) with { Kind = AlarmKind.Fall, ConditionKey = "fall" });
        var sos = book.Raise(Sos(Wristband, T0));
        book.Escalate(T0.AddMinutes(2), events);

        Assert.NotEqual(fall.Alarm.Id, sos.Alarm.Id);
        Assert.Equal(2, book.ActiveCount);
        Assert.Equal([fall.Alarm.Id, sos.Alarm.Id], events.Select(e => e.Alarm.Id));
        Assert.Equal([3L, 4L], events.Select(e => e.Sequence));
    }

    // The store's reservation, for one book alone: blocks one after the other from id 1.
    private static AlarmIds Ids()
    {
        var lastReserved = 0L;
        return new AlarmIds(count => lastReserved += count);
    }
}
