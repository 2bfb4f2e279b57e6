using SafeCommunity.Iot.Core.Alarms;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Mapping;

/// <summary>Alarms and their events in the contracts' shape (the enums share their numbers).</summary>
internal static class AlarmMapping
{
    public static V1.Alarm ToProto(this Alarm alarm)
    {
        var message = new V1.Alarm
        {
            Id = alarm.Id,
            Kind = (V1.AlarmKind)(int)alarm.Kind,
            Severity = (V1.AlarmSeverity)(int)alarm.Severity,
            State = (V1.AlarmState)(int)alarm.State,
            Subject = alarm.Subject,
            DeviceId = alarm.DeviceId ?? 0,
            ReceiverId = alarm.ReceiverId ?? string.Empty,
            HomeCommunityId = alarm.HomeCommunityId,
            SeenCommunityId = alarm.SeenCommunityId ?? string.Empty,
            Location = alarm.Location?.ToProto(),
            FirstSeen = alarm.FirstSeen.ToProto(),
            LastSeen = alarm.LastSeen.ToProto(),
            Count = alarm.Count,
            Detail = alarm.Detail ?? string.Empty,
            AcknowledgedBy = alarm.AcknowledgedBy ?? string.Empty,
            AcknowledgedAt = alarm.AcknowledgedAt.ToProto(),
            ResolvedBy = alarm.ResolvedBy ?? string.Empty,
            ResolvedAt = alarm.ResolvedAt.ToProto(),
            ResolutionNote = alarm.ResolutionNote ?? string.Empty,
            EscalatedAt = alarm.EscalatedAt.ToProto(),
            ConditionKey = alarm.ConditionKey,
        };
        message.ReceiverIds.AddRange(alarm.ReceiverIds);
        return message;
    }

    public static V1.AlarmEvent ToProto(this AlarmEvent alarmEvent) => new()
    {
        Sequence = alarmEvent.Sequence,
        Type = (V1.AlarmEventType)(int)alarmEvent.Type,
        At = alarmEvent.At.ToProto(),
        Alarm = alarmEvent.Alarm.ToProto(),
        Actor = alarmEvent.Actor ?? string.Empty,
    };
}
