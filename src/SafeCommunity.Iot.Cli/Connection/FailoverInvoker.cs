using Grpc.Core;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// Sends each call to the connection's address in use. A unary call that fails there is sent to the next address,
/// each address at most once, when that is safe: it failed while connecting (<see cref="RpcErrors.NeverSent"/>), or
/// it only reads (<see cref="ReadCalls"/>) and the gateway was UNAVAILABLE. The address that answered stays in use
/// for the next calls. Streams are not moved here: the alarm watch resumes on the next address by itself.
/// </summary>
internal sealed class FailoverInvoker : CallInvoker
{
    private readonly GatewayConnection _connection;
    private readonly Action<string> _notice;

    public FailoverInvoker(GatewayConnection connection, Action<string> notice)
    {
        _connection = connection;
        _notice = notice;
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var attempts = new UnaryAttempts<TResponse>();
        var response = SendAsync(method, host, options, request, attempts);
        return new AsyncUnaryCall<TResponse>(response, attempts.HeadersAsync(response), attempts.Status, attempts.Trailers, attempts.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        InUse.AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        InUse.AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        InUse.AsyncDuplexStreamingCall(method, host, options);

    /// <summary>Whether a call that failed with <paramref name="exception"/> may be sent to another address.</summary>
    private static bool MayTryNext(RpcException exception, bool read) =>
        RpcErrors.NeverSent(exception) || (read && exception.StatusCode == StatusCode.Unavailable);

    private CallInvoker InUse => _connection.ChannelAt(_connection.Current).Invoker;

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request, UnaryAttempts<TResponse> attempts)
        where TRequest : class
        where TResponse : class
    {
        var read = ReadCalls.Contains(method.FullName);

        // The options, and so the deadline, are the command's: the attempts share what is left of its time.
        for (var tried = 1; ; tried++)
        {
            var call = attempts.Start(InUse.AsyncUnaryCall(method, host, options, request));
            try
            {
                return await call.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException e) when (tried < _connection.Addresses.Count && !options.CancellationToken.IsCancellationRequested && MayTryNext(e, read))
            {
                var failed = _connection.Address;
                var next = _connection.MoveToNext();
                _notice($"{Why(failed, e)}; trying {RpcErrors.Show(next)}");
            }
        }
    }

    private static string Why(Uri gateway, RpcException exception) =>
        RpcErrors.IsConnectionFailure(exception, out var reason, out _)
            ? $"gateway unreachable at {RpcErrors.Show(gateway)}: {reason}"
            : $"the gateway at {RpcErrors.Show(gateway)} is unavailable (UNAVAILABLE{(string.IsNullOrWhiteSpace(exception.Status.Detail) ? string.Empty : ": " + exception.Status.Detail.Trim())})";

    /// <summary>The attempts of one unary call: headers, status and trailers are the last attempt's.</summary>
    private sealed class UnaryAttempts<TResponse>
    {
        private AsyncUnaryCall<TResponse>? _last;

        public AsyncUnaryCall<TResponse> Start(AsyncUnaryCall<TResponse> call)
        {
            _last?.Dispose();
            _last = call;
            return call;
        }

        public async Task<Metadata> HeadersAsync(Task<TResponse> response)
        {
            // Headers come with the attempt that ends the call; the earlier ones' are of no use to the caller.
            await ((Task)response).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return await _last!.ResponseHeadersAsync.ConfigureAwait(false);
        }

        public Status Status() => _last!.GetStatus();

        public Metadata Trailers() => _last!.GetTrailers();

        public void Dispose() => _last?.Dispose();
    }
}
