namespace SafeCommunity.Iot.Alarms.Lifecycle;

/// <summary>
/// What a person does to an alarm: acknowledge it, resolve it. Each change is numbered in the alarm sequence and
/// stored, in order with the events the devices raise, before the call returns.
/// </summary>
public interface IAlarmCommands
{
    /// <summary>Acknowledges an alarm on behalf of <paramref name="actor"/>.</summary>
    Task<AlarmChange> AcknowledgeAlarmAsync(long alarmId, string actor, CancellationToken cancellationToken);

    /// <summary>Resolves an alarm with a note on behalf of <paramref name="actor"/>.</summary>
    Task<AlarmChange> ResolveAlarmAsync(long alarmId, string actor, string note, CancellationToken cancellationToken);
}
