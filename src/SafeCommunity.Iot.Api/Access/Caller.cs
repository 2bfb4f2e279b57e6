using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// Who is calling and what the token lets them see: the one place where scopes are decided. Deny by default:
/// every check names what it allows, and anything else is refused.
/// </summary>
public sealed class Caller
{
    private readonly DeviceRegistry _registry;
    private readonly HashSet<string> _communities;

    /// <summary>Creates the caller holding <paramref name="token"/>.</summary>
    public Caller(ApiToken token, DeviceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(token);
        Token = token;
        _registry = registry;
        _communities = new HashSet<string>(token.CommunityIds, StringComparer.Ordinal);
    }

    /// <summary>The token used.</summary>
    public ApiToken Token { get; }

    /// <summary>The token's role.</summary>
    public AccessRole Role => Token.Role;

    /// <summary>The name alarms and the audit log record.</summary>
    public string Name => Token.Name;

    /// <summary>Whether the caller is an administrator.</summary>
    public bool IsAdmin => Role == AccessRole.Admin;

    /// <summary>Whether the caller sees everything of a community (an administrator, or a post covering it).</summary>
    public bool CoversCommunity(string communityId) =>
        IsAdmin || (Role == AccessRole.Post && _communities.Contains(communityId));

    /// <summary>Whether the caller may see (and locate) <paramref name="device"/>.</summary>
    public bool CanSee(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Role switch
        {
            AccessRole.Admin => true,
            AccessRole.Post => _communities.Contains(device.CommunityId),
            AccessRole.Family => device.Kind != DeviceKind.EbikeChip && OwnedByCaller(device),
            AccessRole.Owner => device.Kind == DeviceKind.EbikeChip && OwnedByCaller(device),
            _ => false,
        };
    }

    /// <summary>Whether the caller may see <paramref name="alarm"/>: the community's post, or the device's family or owner.</summary>
    public bool CanSee(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return Role switch
        {
            AccessRole.Admin => true,
            AccessRole.Post => _communities.Contains(alarm.HomeCommunityId)
                || (alarm.SeenCommunityId is { } seen && _communities.Contains(seen)),
            AccessRole.Family or AccessRole.Owner =>
                alarm.DeviceId is { } id && _registry.TryGetDevice(id, out var device) && CanSee(device),
            _ => false,
        };
    }

    /// <summary>Whether the caller may see <paramref name="receiver"/> (administrators and the community's post).</summary>
    public bool CanSee(Receiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return CoversCommunity(receiver.CommunityId);
    }

    /// <summary>
    /// The communities an alarm or device list is limited to: null for an administrator (no limit), the post's
    /// communities (intersected with <paramref name="requested"/> when given), or null for a family or owner, whose
    /// limit is <see cref="DeviceScope"/>.
    /// </summary>
    public IReadOnlyCollection<string>? CommunityScope(IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        return Role switch
        {
            AccessRole.Admin => requested.Count == 0 ? null : requested,
            AccessRole.Post => requested.Count == 0 ? _communities : [.. requested.Where(_communities.Contains)],
            _ => requested.Count == 0 ? null : requested,
        };
    }

    /// <summary>
    /// The devices a family or owner is limited to (intersected with <paramref name="requested"/> when given); for
    /// the others, <paramref name="requested"/> or null for no limit.
    /// </summary>
    public IReadOnlyCollection<uint>? DeviceScope(IReadOnlyCollection<uint> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (Role is not (AccessRole.Family or AccessRole.Owner))
        {
            return requested.Count == 0 ? null : requested;
        }

        var own = _registry.Devices.Where(CanSee).Select(d => d.Id).ToHashSet();
        return requested.Count == 0 ? own : [.. requested.Where(own.Contains)];
    }

    private bool OwnedByCaller(Device device) =>
        Token.Principal is { Length: > 0 } principal && string.Equals(device.Owner, principal, StringComparison.Ordinal);
}
