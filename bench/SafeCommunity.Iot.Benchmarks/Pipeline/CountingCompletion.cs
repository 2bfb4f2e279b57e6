using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>Counts outcomes, and signals when the expected number of uplinks has completed.</summary>
internal sealed class CountingCompletion : IUplinkCompletion
{
    private readonly long[] _outcomes = new long[Enum.GetValues<UplinkOutcome>().Max(o => (int)o) + 1];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _expected;
    private long _completed;

    /// <summary>Completes when <see cref="Expect"/>'s count of uplinks has completed.</summary>
    public Task Done => _done.Task;

    /// <summary>Uplinks completed so far.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Starts counting towards <paramref name="count"/> completions.</summary>
    public void Expect(long count) => Interlocked.Exchange(ref _expected, count);

    /// <summary>How many completed with <paramref name="outcome"/>.</summary>
    public long Count(UplinkOutcome outcome) => Interlocked.Read(ref _outcomes[(int)outcome]);

    public void Complete(UplinkOutcome outcome)
    {
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        if (Interlocked.Increment(ref _completed) == Interlocked.Read(ref _expected))
        {
            _done.TrySetResult();
        }
    }
}
