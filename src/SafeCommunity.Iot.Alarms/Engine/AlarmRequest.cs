namespace SafeCommunity.Iot.Alarms.Engine;

/// <summary>What a person asks of an alarm: to acknowledge it, or to resolve it with a note.</summary>
/// <param name="AlarmId">The alarm.</param>
/// <param name="Actor">Who asks (an officer's or a post's name), stored with the event.</param>
/// <param name="ResolutionNote">Null to acknowledge; the note to resolve.</param>
/// <param name="At">When it was asked.</param>
public sealed record AlarmRequest(long AlarmId, string Actor, string? ResolutionNote, DateTimeOffset At)
{
    /// <summary>Acknowledge <paramref name="alarmId"/>.</summary>
    public static AlarmRequest Acknowledge(long alarmId, string actor, DateTimeOffset at) => new(alarmId, actor, null, at);

    /// <summary>Resolve <paramref name="alarmId"/> with <paramref name="note"/>.</summary>
    public static AlarmRequest Resolve(long alarmId, string actor, string note, DateTimeOffset at) => new(alarmId, actor, note, at);
}
