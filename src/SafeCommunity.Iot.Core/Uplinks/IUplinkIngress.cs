namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>The one door every receiver uses to hand the pipeline what it heard.</summary>
public interface IUplinkIngress
{
    /// <summary>
    /// Queues an uplink. Waits while the pipeline is full (back-pressure: a receiver reads more slowly instead of
    /// anything being dropped); throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    ValueTask WriteAsync(RawUplink uplink, CancellationToken cancellationToken);
}
