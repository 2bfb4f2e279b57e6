using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>Hands a frame to the pipeline as a receiver would, and waits for what became of it.</summary>
public sealed class CompletionSource : IUplinkCompletion
{
    private readonly TaskCompletionSource<UplinkOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What became of the uplink.</summary>
    public Task<UplinkOutcome> Outcome => _outcome.Task;

    /// <inheritdoc />
    public void Complete(UplinkOutcome outcome) => _outcome.TrySetResult(outcome);

    /// <summary>Sends <paramref name="frame"/> as heard by <paramref name="receiverId"/> at <paramref name="at"/>; returns its outcome.</summary>
    public static async Task<UplinkOutcome> SendAsync(IUplinkIngress ingress, byte[] frame, string receiverId, DateTimeOffset at, double rssi = -75)
    {
        var completion = new CompletionSource();
        await ingress.WriteAsync(new RawUplink(receiverId, at, frame, UplinkTransport.Serial, rssi, 6, null, completion), CancellationToken.None);
        return await completion.Outcome.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
