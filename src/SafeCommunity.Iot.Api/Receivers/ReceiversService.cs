using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Receivers;

/// <summary>The <c>Receivers</c> service: every receiver the caller covers, with its health since the gateway started.</summary>
internal sealed class ReceiversService : V1.Receivers.ReceiversBase
{
    private readonly DeviceRegistry _registry;
    private readonly ReceiverStatusBoard _board;
    private readonly ReceiverStatistics _statistics;

    public ReceiversService(DeviceRegistry registry, ReceiverStatusBoard board, ReceiverStatistics statistics)
    {
        _registry = registry;
        _board = board;
        _statistics = statistics;
    }

    public override Task<V1.ListReceiversResponse> List(V1.ListReceiversRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (caller.Role is not (AccessRole.Admin or AccessRole.Post))
        {
            throw ApiErrors.Denied("list receivers");
        }

        var communities = request.CommunityIds.ToHashSet(StringComparer.Ordinal);
        var response = new V1.ListReceiversResponse();
        response.Receivers.AddRange(_registry.Receivers
            .Where(caller.CanSee)
            .Where(r => communities.Count == 0 || communities.Contains(r.CommunityId))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(Describe));
        return Task.FromResult(response);
    }

    private V1.ReceiverInfo Describe(Receiver receiver)
    {
        var info = new V1.ReceiverInfo
        {
            Id = receiver.Id,
            Name = receiver.Name ?? string.Empty,
            Kind = (V1.ReceiverKind)(int)receiver.Kind,
            CommunityId = receiver.CommunityId,
            RangeMetres = receiver.RangeMetres,
        };
        var health = _board.Find(receiver.Id);
        if ((receiver.Position ?? health?.Position) is { } position)
        {
            info.Latitude = position.Latitude;
            info.Longitude = position.Longitude;
            info.PositionAt = receiver.Position is null ? health?.PositionAt.ToProto() : null;
        }

        if (health is not null)
        {
            info.Link = (V1.ReceiverLinkState)(int)health.Link;
            info.LinkDetail = health.Detail ?? string.Empty;
            info.LinkErrors = health.LinkErrors;
            info.Reconnects = health.Reconnects;
            info.FirmwareVersion = health.FirmwareVersion ?? string.Empty;
            info.Uptime = health.Uptime is { } uptime ? Duration.FromTimeSpan(uptime) : null;
            info.LastStatusAt = health.LastStatusAt.ToProto();
        }

        if (_statistics.Find(receiver.Id) is { } counters)
        {
            info.LastHeard = counters.LastHeard.ToProto();
            info.Frames = counters.Frames;
            info.Accepted = counters.Accepted;
            info.Duplicates = counters.Duplicates;
            info.Errors = counters.Errors;
        }

        return info;
    }
}
