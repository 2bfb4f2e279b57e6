using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Alarms;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Alarms;

/// <summary>A request's alarm filter, checked, combined with what the caller may see.</summary>
internal sealed class AlarmFilter
{
    private const int MaxListedItems = 1000;

    private readonly Caller _caller;
    private readonly HashSet<string> _communities;
    private readonly HashSet<uint> _devices;
    private readonly HashSet<AlarmKind> _kinds;
    private readonly AlarmSeverity? _minimumSeverity;

    private AlarmFilter(Caller caller, HashSet<string> communities, HashSet<uint> devices, HashSet<AlarmKind> kinds, AlarmSeverity? minimumSeverity)
    {
        _caller = caller;
        _communities = communities;
        _devices = devices;
        _kinds = kinds;
        _minimumSeverity = minimumSeverity;
    }

    /// <summary>Reads <paramref name="filter"/>; an InvalidArgument error names a bad field.</summary>
    public static AlarmFilter Read(V1.AlarmFilter? filter, Caller caller, string field = "filter")
    {
        filter ??= new V1.AlarmFilter();
        if (filter.CommunityIds.Count > MaxListedItems || filter.DeviceIds.Count > MaxListedItems)
        {
            throw ApiErrors.Invalid(field, $"lists at most {MaxListedItems} communities and {MaxListedItems} devices.");
        }

        var communities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var community in filter.CommunityIds)
        {
            communities.Add(RequestChecks.Text(community, $"{field}.community_ids", 128));
        }

        var devices = new HashSet<uint>();
        foreach (var device in filter.DeviceIds)
        {
            devices.Add(RequestChecks.DeviceId(device, $"{field}.device_ids"));
        }

        var kinds = new HashSet<AlarmKind>();
        foreach (var kind in filter.Kinds)
        {
            kinds.Add((AlarmKind)(int)RequestChecks.Defined(kind, $"{field}.kinds"));
        }

        AlarmSeverity? minimum = filter.MinimumSeverity == V1.AlarmSeverity.Unspecified
            ? null
            : (AlarmSeverity)(int)RequestChecks.Defined(filter.MinimumSeverity, $"{field}.minimum_severity");
        return new AlarmFilter(caller, communities, devices, kinds, minimum);
    }

    /// <summary>Whether an event's alarm passes the filter and the caller may see it.</summary>
    public bool Matches(Alarm alarm) =>
        _caller.CanSee(alarm)
        && (_communities.Count == 0 || _communities.Contains(alarm.HomeCommunityId)
            || (alarm.SeenCommunityId is { } seen && _communities.Contains(seen)))
        && (_devices.Count == 0 || (alarm.DeviceId is { } id && _devices.Contains(id)))
        && (_kinds.Count == 0 || _kinds.Contains(alarm.Kind))
        && (_minimumSeverity is not { } minimum || alarm.Severity >= minimum);

    /// <summary>The store query for a page of alarms the caller may see.</summary>
    public AlarmQuery ToQuery(bool activeOnly, Paging paging) => new(
        _caller.CommunityScope(_communities),
        _caller.DeviceScope(_devices),
        _kinds.Count == 0 ? null : _kinds,
        _minimumSeverity,
        activeOnly,
        paging.BeforeId,
        paging.Size);
}
