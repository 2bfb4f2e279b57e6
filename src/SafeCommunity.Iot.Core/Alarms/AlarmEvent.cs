namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>
/// One numbered event of the alarm stream: the alarm as it is after the event. Sequence numbers are gap-free
/// and persisted with the event before anyone is told, so a subscriber that resumes "after N" misses nothing.
/// </summary>
/// <param name="Sequence">Gap-free, increasing, unique on this gateway.</param>
/// <param name="Type">Raised, updated, acknowledged, resolved or escalated.</param>
/// <param name="At">When it happened.</param>
/// <param name="Alarm">The alarm after the event.</param>
/// <param name="Actor">Who acknowledged or resolved it (the token's name), or null for the gateway itself.</param>
public sealed record AlarmEvent(long Sequence, AlarmEventType Type, DateTimeOffset At, Alarm Alarm, string? Actor);
