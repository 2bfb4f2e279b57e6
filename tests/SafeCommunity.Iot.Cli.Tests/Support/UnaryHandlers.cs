using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;

namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>
/// The answers of a fake service's unary calls, set per test by method name, and the requests it received. A call
/// without an answer fails with UNIMPLEMENTED, as a real server's missing method would.
/// </summary>
public sealed class UnaryHandlers
{
    private readonly ConcurrentDictionary<string, Func<IMessage, ServerCallContext, IMessage>> _handlers = new(StringComparer.Ordinal);

    public ConcurrentQueue<IMessage> Requests { get; } = new();

    public void On<TRequest, TResponse>(string method, Func<TRequest, TResponse> answer)
        where TRequest : IMessage
        where TResponse : IMessage =>
        _handlers[method] = (request, _) => answer((TRequest)request);

    /// <summary>Makes <paramref name="method"/> fail with <paramref name="code"/> and <paramref name="detail"/>.</summary>
    public void Fail(string method, StatusCode code, string detail) =>
        _handlers[method] = (_, _) => throw new RpcException(new Status(code, detail));

    public T Last<T>()
        where T : IMessage => Requests.OfType<T>().Last();

    public IReadOnlyList<T> All<T>()
        where T : IMessage => [.. Requests.OfType<T>()];

    public Task<TResponse> Invoke<TRequest, TResponse>(string method, TRequest request, ServerCallContext context)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        Requests.Enqueue(request);
        if (!_handlers.TryGetValue(method, out var handler))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"the fake has no answer for {method}"));
        }

        return Task.FromResult((TResponse)handler(request, context));
    }
}
