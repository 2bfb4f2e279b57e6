using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Geofences;

/// <summary>
/// Who a fence watches: one device (<see cref="DeviceAssignment"/>), every device of a kind in a community
/// (<see cref="KindAssignment"/>), every device of a community, the fence being the community's boundary
/// (<see cref="CommunityBoundaryAssignment"/>), or nobody for now (<see cref="Unassigned"/>).
/// </summary>
public abstract record GeofenceAssignment
{
    private protected GeofenceAssignment()
    {
    }

    /// <summary>Whether the fence watches <paramref name="device"/>.</summary>
    public abstract bool AppliesTo(Device device);
}

/// <summary>One device (an elder's safe zone around her home, a bike's parking zone).</summary>
/// <param name="DeviceId">The protocol's device id.</param>
public sealed record DeviceAssignment(uint DeviceId) : GeofenceAssignment
{
    /// <inheritdoc/>
    public override bool AppliesTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Id == DeviceId;
    }
}

/// <summary>Every device of a kind in a community (the children's school, a pond every child keeps out of).</summary>
/// <param name="Kind">The device kind.</param>
/// <param name="CommunityId">The community id.</param>
public sealed record KindAssignment(DeviceKind Kind, string CommunityId) : GeofenceAssignment
{
    /// <inheritdoc/>
    public override bool AppliesTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Kind == Kind && string.Equals(device.CommunityId, CommunityId, StringComparison.Ordinal);
    }
}

/// <summary>The boundary of a community: it watches every device that belongs to the community.</summary>
/// <param name="CommunityId">The community id.</param>
public sealed record CommunityBoundaryAssignment(string CommunityId) : GeofenceAssignment
{
    /// <inheritdoc/>
    public override bool AppliesTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return string.Equals(device.CommunityId, CommunityId, StringComparison.Ordinal);
    }
}

/// <summary>Nobody for now: the fence is kept on file, out of force, until it is assigned again.</summary>
public sealed record Unassigned : GeofenceAssignment
{
    /// <summary>The one value.</summary>
    public static Unassigned Instance { get; } = new();

    /// <inheritdoc/>
    public override bool AppliesTo(Device device) => false;
}
