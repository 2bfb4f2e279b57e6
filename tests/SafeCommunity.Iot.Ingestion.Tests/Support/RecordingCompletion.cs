using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

/// <summary>Waits for one uplink's outcome.</summary>
internal sealed class RecordingCompletion : IUplinkCompletion
{
    private readonly TaskCompletionSource<UplinkOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<UplinkOutcome> Outcome => _outcome.Task;

    public void Complete(UplinkOutcome outcome)
    {
        Interlocked.Increment(ref _calls);
        _outcome.TrySetResult(outcome);
    }
}
