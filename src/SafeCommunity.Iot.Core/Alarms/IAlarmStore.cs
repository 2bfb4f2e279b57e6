using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>
/// Reads the stored alarms, their events and theft reports. Alarm events are written by the pipeline in the same
/// transaction as the device state that caused them (<see cref="State.IStateAndAlarmWriter"/>).
/// </summary>
public interface IAlarmStore
{
    /// <summary>What the alarm lifecycle needs at start: the active alarms and the last sequence number and id used.</summary>
    AlarmStartState LoadStartState();

    /// <summary>
    /// Reserves <paramref name="count"/> alarm ids for the caller alone, also against other gateways sharing the
    /// store, and returns the last of them (the first is the last - <paramref name="count"/> + 1).
    /// </summary>
    long ReserveAlarmIds(int count);

    /// <summary>Stored events with a sequence number above <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<AlarmEvent> EventsAfter(long afterSequence, int limit);

    /// <summary>Every event of one alarm, in order (a stolen bike's sightings are its raised and updated events).</summary>
    IReadOnlyList<AlarmEvent> EventsOf(long alarmId);

    /// <summary>One alarm as it is now.</summary>
    Alarm? FindAlarm(long alarmId);

    /// <summary>Alarms as they are now, newest first, as <paramref name="query"/> asks.</summary>
    IReadOnlyList<Alarm> ListAlarms(AlarmQuery query);

    /// <summary>Stores a theft report (new, or its recovery) and returns it with its id.</summary>
    /// <exception cref="TheftAlreadyReportedException">A new report for a bike that has an open one; nothing was stored.</exception>
    TheftReport SaveTheft(TheftReport report);

    /// <summary>Every theft report whose bike is still missing.</summary>
    IReadOnlyList<TheftReport> LoadActiveThefts();

    /// <summary>Every theft report of one bike, open or recovered, newest first.</summary>
    IReadOnlyList<TheftReport> TheftsOf(uint deviceId);
}

/// <summary>The alarm lifecycle's starting point.</summary>
/// <param name="Active">Open and acknowledged alarms.</param>
/// <param name="LastSequence">The highest stored event sequence number (0 when none).</param>
/// <param name="LastAlarmId">The highest alarm id reserved (0 when none).</param>
public sealed record AlarmStartState(IReadOnlyList<Alarm> Active, long LastSequence, long LastAlarmId);
