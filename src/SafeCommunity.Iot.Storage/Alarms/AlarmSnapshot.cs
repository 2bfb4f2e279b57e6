using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Alarms;

/// <summary>
/// An <see cref="Alarm"/> as stored in <c>alarm_events.snapshot</c>: a type of the store's own, so that the JSON
/// in the file stays the same when the domain type changes shape (a new member is a new, optional property here).
/// Times are written as they come back from an INTEGER column (UTC, whole milliseconds), so an alarm read from its
/// latest event equals the one read from the <c>alarms</c> row.
/// </summary>
internal sealed class AlarmSnapshot
{
    public required long Id { get; init; }

    public required AlarmKind Kind { get; init; }

    public required AlarmSeverity Severity { get; init; }

    public required string ConditionKey { get; init; }

    public uint? DeviceId { get; init; }

    public string? ReceiverId { get; init; }

    public required string Subject { get; init; }

    public required string HomeCommunityId { get; init; }

    public string? SeenCommunityId { get; init; }

    public LocationSnapshot? Location { get; init; }

    public string[] ReceiverIds { get; init; } = [];

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    public int Count { get; init; }

    public AlarmState State { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolutionNote { get; init; }

    public DateTimeOffset? EscalatedAt { get; init; }

    public string? Detail { get; init; }

    public static AlarmSnapshot From(Alarm alarm) => new()
    {
        Id = alarm.Id,
        Kind = alarm.Kind,
        Severity = alarm.Severity,
        ConditionKey = alarm.ConditionKey,
        DeviceId = alarm.DeviceId,
        ReceiverId = alarm.ReceiverId,
        Subject = alarm.Subject,
        HomeCommunityId = alarm.HomeCommunityId,
        SeenCommunityId = alarm.SeenCommunityId,
        Location = alarm.Location is { } location ? LocationSnapshot.From(location) : null,
        ReceiverIds = [.. alarm.ReceiverIds ?? []],
        FirstSeen = DbValues.AsStored(alarm.FirstSeen),
        LastSeen = DbValues.AsStored(alarm.LastSeen),
        Count = alarm.Count,
        State = alarm.State,
        AcknowledgedBy = alarm.AcknowledgedBy,
        AcknowledgedAt = AsStored(alarm.AcknowledgedAt),
        ResolvedBy = alarm.ResolvedBy,
        ResolvedAt = AsStored(alarm.ResolvedAt),
        ResolutionNote = alarm.ResolutionNote,
        EscalatedAt = AsStored(alarm.EscalatedAt),
        Detail = alarm.Detail,
    };

    public Alarm ToAlarm() => new()
    {
        Id = Id,
        Kind = Kind,
        Severity = Severity,
        ConditionKey = ConditionKey,
        DeviceId = DeviceId,
        ReceiverId = ReceiverId,
        Subject = Subject,
        HomeCommunityId = HomeCommunityId,
        SeenCommunityId = SeenCommunityId,
        Location = Location?.ToLocation(),
        ReceiverIds = ReceiverIds ?? [],
        FirstSeen = FirstSeen,
        LastSeen = LastSeen,
        Count = Count,
        State = State,
        AcknowledgedBy = AcknowledgedBy,
        AcknowledgedAt = AcknowledgedAt,
        ResolvedBy = ResolvedBy,
        ResolvedAt = ResolvedAt,
        ResolutionNote = ResolutionNote,
        EscalatedAt = EscalatedAt,
        Detail = Detail,
    };

    private static DateTimeOffset? AsStored(DateTimeOffset? time) => time is { } value ? DbValues.AsStored(value) : null;
}

/// <summary>A <see cref="Location"/> in a stored snapshot.</summary>
internal sealed class LocationSnapshot
{
    public required double Latitude { get; init; }

    public required double Longitude { get; init; }

    public required double AccuracyMetres { get; init; }

    public required LocationSource Source { get; init; }

    public required DateTimeOffset At { get; init; }

    public static LocationSnapshot From(Location location) => new()
    {
        Latitude = location.Point.Latitude,
        Longitude = location.Point.Longitude,
        AccuracyMetres = location.AccuracyMetres,
        Source = location.Source,
        At = DbValues.AsStored(location.At),
    };

    public Location ToLocation() => new(new GeoPoint(Latitude, Longitude), AccuracyMetres, Source, At);
}
