namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>
/// Which alarms to list, newest first. A null set does not restrict; an empty set matches nothing (a caller whose
/// scope covers no device sees no alarm).
/// </summary>
/// <param name="CommunityIds">Alarms whose home or seen community is one of these.</param>
/// <param name="DeviceIds">Alarms about one of these devices.</param>
/// <param name="Kinds">Alarms of one of these kinds.</param>
/// <param name="MinimumSeverity">Alarms at least this severe.</param>
/// <param name="ActiveOnly">Only open and acknowledged alarms.</param>
/// <param name="BeforeId">Only alarms with a smaller id (the next page).</param>
/// <param name="Limit">At most this many.</param>
public sealed record AlarmQuery(
    IReadOnlyCollection<string>? CommunityIds,
    IReadOnlyCollection<uint>? DeviceIds,
    IReadOnlyCollection<AlarmKind>? Kinds,
    AlarmSeverity? MinimumSeverity,
    bool ActiveOnly,
    long? BeforeId,
    int Limit)
{
    /// <summary>Only alarms first seen at or after this moment (a report's period).</summary>
    public DateTimeOffset? RaisedFrom { get; init; }

    /// <summary>Only alarms first seen before this moment.</summary>
    public DateTimeOffset? RaisedBefore { get; init; }
}
