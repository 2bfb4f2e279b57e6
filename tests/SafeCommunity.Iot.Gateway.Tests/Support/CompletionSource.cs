using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Gateway.Tests.Support;

internal sealed class CompletionSource : IUplinkCompletion
{
    private readonly TaskCompletionSource<UplinkOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<UplinkOutcome> Outcome => _outcome.Task;

    public void Complete(UplinkOutcome outcome) => _outcome.TrySetResult(outcome);

    public static async Task<UplinkOutcome> SendAsync(IUplinkIngress ingress, byte[] frame, string receiverId, DateTimeOffset at, double rssi = -75)
    {
        var completion = new CompletionSource();
        await ingress.WriteAsync(new RawUplink(receiverId, at, frame, UplinkTransport.Serial, rssi, 6, null, completion), CancellationToken.None);
        return await completion.Outcome.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
