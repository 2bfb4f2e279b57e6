using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// Turns a failed call into one line that names the problem, and an exit code. What the gateway said (its status
/// detail, which names the field for INVALID_ARGUMENT) is passed on; the token never is.
/// </summary>
internal static class RpcErrors
{
    /// <summary>Describes <paramref name="exception"/> from a call that tried to <paramref name="action"/>.</summary>
    public static CliFailure Describe(RpcException exception, string action, Uri gateway)
    {
        var detail = exception.Status.Detail;
        if (IsConnectionFailure(exception, out var reason, out var tls))
        {
            var hint = tls
                ? "; if the gateway uses a private CA or a self-signed certificate, give it with --ca-file"
                : reason.Contains("HTTP_1_1_REQUIRED", StringComparison.Ordinal)
                    ? "; that address speaks only HTTP/1.1 over plain http, while gRPC needs HTTP/2: give the gateway's gRPC endpoint, or its https address"
                    : string.Empty;
            return new CliFailure(ExitCodes.Unreachable, $"gateway unreachable at {Show(gateway)}: {reason}{hint}");
        }

        return exception.StatusCode switch
        {
            StatusCode.Unauthenticated => new CliFailure(
                ExitCodes.Unauthorized,
                $"the token was refused by the gateway at {Show(gateway)}{Said(detail)}; check the token (it may be revoked or expired)"),
            StatusCode.PermissionDenied => new CliFailure(ExitCodes.Unauthorized, $"this token may not {action}{Said(detail)}"),
            StatusCode.NotFound => new CliFailure(ExitCodes.Failed, $"cannot {action}: not found{Said(detail)}"),
            StatusCode.InvalidArgument => new CliFailure(ExitCodes.Failed, $"cannot {action}: {Or(detail, "the gateway refused an argument")}"),
            StatusCode.AlreadyExists => new CliFailure(ExitCodes.Failed, $"cannot {action}: already exists{Said(detail)}"),
            StatusCode.FailedPrecondition => new CliFailure(ExitCodes.Failed, $"cannot {action}: {Or(detail, "not possible now")}"),
            StatusCode.Unimplemented => new CliFailure(
                ExitCodes.Failed,
                $"cannot {action}: the gateway at {Show(gateway)} does not offer this call (an older gateway?){Said(detail)}"),
            StatusCode.DeadlineExceeded => new CliFailure(
                ExitCodes.Unreachable,
                $"the gateway at {Show(gateway)} did not answer in time{Said(detail)}"),
            StatusCode.Unavailable => new CliFailure(ExitCodes.Failed, $"cannot {action}: the gateway is unavailable{Said(detail)}"),
            _ => new CliFailure(ExitCodes.Failed, $"cannot {action}: {Name(exception.StatusCode)}{Said(detail)}"),
        };
    }

    /// <summary>
    /// Whether the call never reached the gateway (connection refused, name not resolved, TLS failure, the
    /// connection broke): the client, not the server, made the status, and it carries the exception.
    /// </summary>
    public static bool IsConnectionFailure(RpcException exception, out string reason, out bool tls)
    {
        reason = string.Empty;
        tls = false;
        if (exception.StatusCode is not (StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
            || exception.Status.DebugException is not { } debug)
        {
            return false;
        }

        var network = false;
        Exception innermost = debug;
        for (var e = debug; e is not null; e = e.InnerException)
        {
            network |= e is HttpRequestException or SocketException or IOException or AuthenticationException;
            tls |= e is AuthenticationException;
            innermost = e;
        }

        if (!network)
        {
            return false;
        }

        reason = innermost.Message.TrimEnd('.');
        return true;
    }

    /// <summary>
    /// Whether the call failed while connecting (name not resolved, connection refused, host unreachable, TLS
    /// handshake failed, proxy tunnel refused), so that the request cannot have reached any gateway and may go to
    /// another one, write or not.
    /// </summary>
    public static bool NeverSent(RpcException exception)
    {
        if (exception.StatusCode != StatusCode.Unavailable)
        {
            return false;
        }

        // The client keeps either the HttpRequestException or, for a socket error, only the socket's own exception.
        for (var e = exception.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException
                or HttpRequestException
                {
                    HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                        or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
                }
                or SocketException
                {
                    SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain
                        or SocketError.NoData or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                        or SocketError.AddressNotAvailable,
                })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A status code as the gRPC specification spells it (RESOURCE_EXHAUSTED).</summary>
    public static string Name(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The address without user info, path or query (nothing secret belongs in a URL, but be sure).</summary>
    public static string Show(Uri gateway) => gateway.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    private static string Said(string detail) => string.IsNullOrWhiteSpace(detail) ? string.Empty : ": " + detail.Trim();

    private static string Or(string detail, string otherwise) => string.IsNullOrWhiteSpace(detail) ? otherwise : detail.Trim();
}
