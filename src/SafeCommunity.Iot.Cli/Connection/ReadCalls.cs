using Google.Protobuf.Reflection;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// The calls that change nothing at the gateway (beyond an audit line), by gRPC method name
/// (<c>/safecommunity.v1.Alarms/List</c>). Only these are sent again to another address after a gateway answered
/// UNAVAILABLE or the connection broke mid-call; any other call might have taken effect, so it moves on only when it
/// failed while connecting.
/// </summary>
internal static class ReadCalls
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        Name(Alarms.Descriptor, "List"),
        Name(Alarms.Descriptor, "Get"),
        Name(Devices.Descriptor, "List"),
        Name(Devices.Descriptor, "Get"),
        Name(Devices.Descriptor, "Locate"),
        Name(Geofences.Descriptor, "List"),
        Name(Receivers.Descriptor, "List"),
        Name(Administration.Descriptor, "WhoAmI"),
        Name(Administration.Descriptor, "ListTokens"),
        Name(Administration.Descriptor, "ListAudit"),
        Name(History.Descriptor, "GetCaseFile"),
        Name(History.Descriptor, "GetCommunityReport"),
        Name(Notifications.Descriptor, "ListSubscriptions"),
        Name(Notifications.Descriptor, "ListDeadLetters"),
    };

    /// <summary>Whether the method named <paramref name="fullName"/> only reads.</summary>
    public static bool Contains(string fullName) => Names.Contains(fullName);

    // Looked up in the contract so that a renamed call fails at start instead of silently becoming a write.
    private static string Name(ServiceDescriptor service, string method) =>
        service.FindMethodByName(method) is not null
            ? $"/{service.FullName}/{method}"
            : throw new InvalidOperationException($"{service.FullName} has no call {method}");
}
