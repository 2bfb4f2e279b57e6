using Grpc.Core;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Geofences.Catalog;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Geofences;

/// <summary>
/// The <c>Geofences</c> service. A caller may see a fence that watches something it may see, and change a fence
/// that watches only what it covers: an administrator any fence, a post the fences of its communities, a family or
/// an owner the fences of its own devices (an elder's safe zone around her home).
/// </summary>
internal sealed class GeofencesService : V1.Geofences.GeofencesBase
{
    private const int MaxGeoJsonLength = 8 * 1024 * 1024;

    private readonly GeofenceCatalog _catalog;
    private readonly DeviceRegistry _registry;
    private readonly AuditTrail _audit;
    private readonly Lock _changes = new();

    public GeofencesService(GeofenceCatalog catalog, DeviceRegistry registry, AuditTrail audit)
    {
        _catalog = catalog;
        _registry = registry;
        _audit = audit;
    }

    public override Task<V1.GeofencesResponse> List(V1.ListGeofencesRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var communities = request.CommunityIds.ToHashSet(StringComparer.Ordinal);
        var fences = _catalog.Fences
            .Where(f => CanSee(caller, f))
            .Where(f => communities.Count == 0 || (CommunityOf(f) is { } community && communities.Contains(community)))
            .ToList();
        return Task.FromResult(Response(fences));
    }

    public override Task<V1.GeofencesResponse> Create(V1.GeofenceGeoJsonRequest request, ServerCallContext context) =>
        Task.FromResult(Put(context.Caller(), request, creating: true));

    public override Task<V1.GeofencesResponse> Update(V1.GeofenceGeoJsonRequest request, ServerCallContext context) =>
        Task.FromResult(Put(context.Caller(), request, creating: false));

    public override Task<V1.DeleteGeofenceResponse> Delete(V1.DeleteGeofenceRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        lock (_changes)
        {
            var fence = ChangeableFence(caller, request.GeofenceId);
            _catalog.Remove(fence.Id);
        }

        _audit.Record(caller, AuditActions.GeofenceChange, Target(request.GeofenceId), "deleted");
        return Task.FromResult(new V1.DeleteGeofenceResponse());
    }

    public override Task<V1.GeofencesResponse> Assign(V1.AssignGeofenceRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        GeofenceAssignment assignment = request.TargetCase switch
        {
            V1.AssignGeofenceRequest.TargetOneofCase.DeviceId => new DeviceAssignment(RequestChecks.DeviceId(request.DeviceId)),
            V1.AssignGeofenceRequest.TargetOneofCase.KindInCommunity => new KindAssignment(
                (DeviceKind)(int)RequestChecks.Defined(request.KindInCommunity.Kind, "kind_in_community.kind"),
                RequestChecks.Text(request.KindInCommunity.CommunityId, "kind_in_community.community_id", 128)),
            V1.AssignGeofenceRequest.TargetOneofCase.CommunityBoundary =>
                new CommunityBoundaryAssignment(RequestChecks.Text(request.CommunityBoundary, "community_boundary", 128)),
            _ => throw ApiErrors.Invalid("target", "name a device_id, a kind_in_community or a community_boundary."),
        };
        return Task.FromResult(Reassign(caller, request.GeofenceId, assignment));
    }

    public override Task<V1.GeofencesResponse> Unassign(V1.UnassignGeofenceRequest request, ServerCallContext context) =>
        Task.FromResult(Reassign(context.Caller(), request.GeofenceId, Unassigned.Instance));

    private static string Target(string id) => $"geofence {id}";

    private static V1.GeofencesResponse Response(IReadOnlyCollection<Geofence> fences) =>
        new() { Geojson = GeofenceGeoJson.Write(fences), Count = fences.Count };

    private V1.GeofencesResponse Put(Caller caller, V1.GeofenceGeoJsonRequest request, bool creating)
    {
        if (request.Geojson.Length is 0 or > MaxGeoJsonLength)
        {
            throw ApiErrors.Invalid("geojson", $"is required, at most {MaxGeoJsonLength} characters.");
        }

        var read = GeofenceGeoJson.Read(request.Geojson);
        if (!read.IsValid)
        {
            throw ApiErrors.Invalid("geojson", GeofenceImportResult.Failure(read.Errors).FormatErrors());
        }

        lock (_changes)
        {
            foreach (var fence in read.Fences)
            {
                if (!CanChange(caller, fence))
                {
                    throw ApiErrors.Denied($"change geofence {fence.Id}: it would watch devices this token does not cover");
                }

                var exists = _catalog.TryGet(fence.Id, out var current);
                if (creating && exists)
                {
                    throw ApiErrors.Exists($"Geofence {fence.Id} already exists; update it instead.");
                }

                if (!creating && (!exists || !CanSee(caller, current!)))
                {
                    throw ApiErrors.NotFound(Target(fence.Id));
                }

                if (current is not null && !CanChange(caller, current))
                {
                    throw ApiErrors.Denied($"change geofence {fence.Id}: it would watch devices this token does not cover");
                }
            }

            _catalog.Save(read.Fences, $"the API ({caller.Name})");
        }

        _audit.Record(caller, AuditActions.GeofenceChange, string.Join(", ", read.Fences.Select(f => Target(f.Id))), creating ? "created" : "updated");
        return Response(read.Fences);
    }

    private V1.GeofencesResponse Reassign(Caller caller, string id, GeofenceAssignment assignment)
    {
        Geofence changed;
        lock (_changes)
        {
            var fence = ChangeableFence(caller, id);
            changed = fence with { Assignment = assignment };
            if (!CanChange(caller, changed))
            {
                throw ApiErrors.Denied($"assign geofence {id} to devices this token does not cover");
            }

            _catalog.Save([changed], $"the API ({caller.Name})");
        }

        _audit.Record(caller, AuditActions.GeofenceChange, Target(id), assignment is Unassigned ? "unassigned" : "assigned");
        return Response([changed]);
    }

    private Geofence ChangeableFence(Caller caller, string id)
    {
        if (id.Length == 0)
        {
            throw ApiErrors.Invalid("geofence_id", "is required.");
        }

        if (!_catalog.TryGet(id, out var fence) || !CanSee(caller, fence))
        {
            throw ApiErrors.NotFound(Target(id));
        }

        return CanChange(caller, fence) ? fence : throw ApiErrors.Denied($"change geofence {id}");
    }

    private bool CanSee(Caller caller, Geofence fence) => fence.Assignment switch
    {
        DeviceAssignment d => _registry.TryGetDevice(d.DeviceId, out var device) ? caller.CanSee(device) : caller.IsAdmin,
        KindAssignment k => caller.CoversCommunity(k.CommunityId) || OwnDeviceWatched(caller, fence),
        CommunityBoundaryAssignment c => caller.CoversCommunity(c.CommunityId) || OwnDeviceWatched(caller, fence),
        _ => caller.IsAdmin,
    };

    private bool CanChange(Caller caller, Geofence fence) => fence.Assignment switch
    {
        _ when caller.IsAdmin => true,
        DeviceAssignment d => _registry.TryGetDevice(d.DeviceId, out var device) && caller.CanSee(device),
        KindAssignment k => caller.CoversCommunity(k.CommunityId),
        CommunityBoundaryAssignment c => caller.CoversCommunity(c.CommunityId),
        _ => false,
    };

    /// <summary>Whether a community-wide fence watches one of a family's or owner's own devices.</summary>
    private bool OwnDeviceWatched(Caller caller, Geofence fence) =>
        caller.Role is AccessRole.Family or AccessRole.Owner
        && _registry.Devices.Any(d => caller.CanSee(d) && fence.Assignment.AppliesTo(d));

    private string? CommunityOf(Geofence fence) => fence.Assignment switch
    {
        DeviceAssignment d => _registry.TryGetDevice(d.DeviceId, out var device) ? device.CommunityId : null,
        KindAssignment k => k.CommunityId,
        CommunityBoundaryAssignment c => c.CommunityId,
        _ => null,
    };
}
