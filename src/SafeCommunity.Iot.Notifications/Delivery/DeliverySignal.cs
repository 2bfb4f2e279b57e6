using System.Threading.Channels;

namespace SafeCommunity.Iot.Notifications.Delivery;

/// <summary>
/// Wakes the delivery service when the commit stage stored new notifications, so a notice goes out at once instead of
/// at the next poll. Holds one wake-up at most: several commits while the service is busy make one more pass.
/// </summary>
public sealed class DeliverySignal
{
    // Capacity 1, DropWrite: a wake-up that is already waiting covers every later one.
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Asks for a pass as soon as possible.</summary>
    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>Waits until woken or <paramref name="timeout"/> passed on <paramref name="time"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_wakes.Reader.TryRead(out _))
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _wakes.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            _wakes.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: time for the next pass.
        }
    }
}
