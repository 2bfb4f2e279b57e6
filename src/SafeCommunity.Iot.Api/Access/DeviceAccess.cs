using Grpc.Core;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>The device checks the device and history services share: who may act on bikes, and which devices a caller sees.</summary>
internal static class DeviceAccess
{
    public static string Target(uint deviceId) => FormattableString.Invariant($"device {deviceId}");

    /// <summary>Those who may report, arm, disarm and build case files of bikes: administrators, posts and owners.</summary>
    public static Caller BikeKeeper(ServerCallContext context, string what)
    {
        var caller = context.Caller();
        return caller.Role is AccessRole.Admin or AccessRole.Post or AccessRole.Owner ? caller : throw ApiErrors.Denied(what);
    }

    /// <summary>The device, when it is enrolled and the caller may see it; otherwise NOT_FOUND (the two look the same).</summary>
    public static Device VisibleDevice(this DeviceRegistry registry, Caller caller, uint deviceId)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(caller);
        var id = RequestChecks.DeviceId(deviceId);
        return registry.TryGetDevice(id, out var device) && caller.CanSee(device) ? device : throw ApiErrors.NotFound(Target(id));
    }

    /// <summary>The visible device, when it is a bike's chip; otherwise FAILED_PRECONDITION.</summary>
    public static Device VisibleBike(this DeviceRegistry registry, Caller caller, uint deviceId)
    {
        var device = registry.VisibleDevice(caller, deviceId);
        return device.Kind == DeviceKind.EbikeChip
            ? device
            : throw ApiErrors.Precondition(FormattableString.Invariant($"Device {device.Id} is a {device.Kind.Name()}, not a bike's chip."));
    }
}
