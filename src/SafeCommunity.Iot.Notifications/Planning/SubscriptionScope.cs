using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Notifications.Planning;

/// <summary>
/// Which alarms a subscription is told of: what a token of its role and scope may see (the same rules as the API's
/// <c>Caller.CanSee</c>: a post its communities, home or seen; a family its household's wristbands; an owner its own
/// bikes; the bureau everything), narrowed by its devices, kinds and minimum severity.
/// </summary>
public static class SubscriptionScope
{
    /// <summary>Whether <paramref name="subscription"/> is told of <paramref name="alarm"/>.</summary>
    public static bool Covers(NotificationSubscription subscription, Alarm alarm, DeviceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(registry);
        if (alarm.Severity < subscription.MinSeverity
            || (subscription.Kinds.Count > 0 && !subscription.Kinds.Contains(alarm.Kind)))
        {
            return false;
        }

        if (subscription.DeviceIds.Count > 0 && (alarm.DeviceId is not { } deviceId || !subscription.DeviceIds.Contains(deviceId)))
        {
            return false;
        }

        return subscription.Role switch
        {
            AccessRole.Admin => true,
            AccessRole.Post => subscription.CommunityIds.Contains(alarm.HomeCommunityId)
                || (alarm.SeenCommunityId is { } seen && subscription.CommunityIds.Contains(seen)),
            AccessRole.Family or AccessRole.Owner =>
                alarm.DeviceId is { } id && registry.TryGetDevice(id, out var device) && Sees(subscription, device),
            _ => false,
        };
    }

    /// <summary>Whether a subscription of this role and principal may be about <paramref name="device"/>.</summary>
    public static bool Sees(NotificationSubscription subscription, Device device)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(device);
        return subscription.Role switch
        {
            AccessRole.Admin => true,
            AccessRole.Post => subscription.CommunityIds.Contains(device.CommunityId),
            AccessRole.Family => device.Kind != DeviceKind.EbikeChip && OwnedBy(subscription, device),
            AccessRole.Owner => device.Kind == DeviceKind.EbikeChip && OwnedBy(subscription, device),
            _ => false,
        };
    }

    private static bool OwnedBy(NotificationSubscription subscription, Device device) =>
        subscription.Principal is { Length: > 0 } principal && string.Equals(device.Owner, principal, StringComparison.Ordinal);
}
