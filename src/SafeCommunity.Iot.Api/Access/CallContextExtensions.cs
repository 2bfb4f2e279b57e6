using Grpc.Core;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>The authenticated caller of a call.</summary>
internal static class CallContextExtensions
{
    /// <summary>The caller <see cref="AuthenticationInterceptor"/> put in the call's user state.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(Caller), out var caller) && caller is Caller found
            ? found
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "A bearer token is required."));
}
