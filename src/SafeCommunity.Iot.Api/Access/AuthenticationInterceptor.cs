using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Api.Diagnostics;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// Every call to a <c>safecommunity.v1</c> service needs a valid bearer token; the caller it stands for is put in
/// the call's user state for the service to check scopes against. Health and reflection stay open.
/// </summary>
internal sealed class AuthenticationInterceptor : Interceptor
{
    private const string ApiPrefix = "/safecommunity.v1.";
    private const string BearerPrefix = "Bearer ";

    private readonly TokenService _tokens;
    private readonly AuthenticationFailureLimiter _limiter;
    private readonly DeviceRegistry _registry;
    private readonly ILogger<AuthenticationInterceptor> _logger;

    public AuthenticationInterceptor(
        TokenService tokens, AuthenticationFailureLimiter limiter, DeviceRegistry registry, ILogger<AuthenticationInterceptor> logger)
    {
        _tokens = tokens;
        _limiter = limiter;
        _registry = registry;
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        if (!context.Method.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var peer = PeerAddress(context.Peer);
        if (_limiter.IsBlocked(peer))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Too many wrong tokens from this address; wait a minute."));
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A bearer token is required (metadata 'authorization: Bearer <token>')."));
        }

        var token = header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? _tokens.Authenticate(header[BearerPrefix.Length..].Trim())
            : null;
        if (token is null)
        {
            _limiter.Failed(peer);
            ApiLog.TokenRefused(_logger, peer, context.Method);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token is not valid (unknown, revoked or expired)."));
        }

        context.UserState[typeof(Caller)] = new Caller(token, _registry);
    }

    /// <summary>The address part of a gRPC peer string (<c>ipv4:127.0.0.1:5555</c> → <c>ipv4:127.0.0.1</c>).</summary>
    private static string PeerAddress(string peer)
    {
        var lastColon = peer.LastIndexOf(':');
        return lastColon > peer.IndexOf(':', StringComparison.Ordinal) ? peer[..lastColon] : peer;
    }
}
