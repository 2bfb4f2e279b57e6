using System.Collections.Concurrent;
using System.Threading.Channels;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>An ingress that keeps what it is given, in order, for the test to wait on.</summary>
internal sealed class RecordingIngress : IUplinkIngress
{
    private readonly Channel<RawUplink> _arrivals = Channel.CreateUnbounded<RawUplink>();

    public ConcurrentQueue<RawUplink> All { get; } = new();

    public ValueTask WriteAsync(RawUplink uplink, CancellationToken cancellationToken)
    {
        All.Enqueue(uplink);
        _arrivals.Writer.TryWrite(uplink);
        return ValueTask.CompletedTask;
    }

    /// <summary>The next uplink not yet taken; fails after <paramref name="timeout"/>.</summary>
    public async Task<RawUplink> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _arrivals.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No uplink arrived within {timeout}.");
        }
    }

    /// <summary>Takes uplinks until one matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<RawUplink> NextMatchingAsync(Func<RawUplink, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var uplink = await _arrivals.Reader.ReadAsync(cts.Token);
                if (predicate(uplink))
                {
                    return uplink;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching uplink arrived within {timeout}.");
        }
    }

    /// <summary>Whether an uplink is waiting to be taken.</summary>
    public bool HasPending => _arrivals.Reader.Count > 0;
}
