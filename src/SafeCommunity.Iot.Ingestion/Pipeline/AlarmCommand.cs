using SafeCommunity.Iot.Alarms.Engine;
using SafeCommunity.Iot.Alarms.Lifecycle;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>A person's request to an alarm, carried through the commit stage so its event is numbered and stored like every other; the caller awaits <see cref="Result"/>.</summary>
internal sealed class AlarmCommand(AlarmRequest request)
{
    private readonly TaskCompletionSource<AlarmChange> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AlarmRequest Request { get; } = request;

    public Task<AlarmChange> Result => _result.Task;

    public void Complete(AlarmChange change) => _result.TrySetResult(change);
}
