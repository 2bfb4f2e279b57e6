using SafeCommunity.Iot.Alarms.Lifecycle;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>A person acknowledging or resolving an alarm, carried through the commit stage so its event is numbered and stored like every other.</summary>
internal sealed class AlarmCommand
{
    private readonly TaskCompletionSource<AlarmChange> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required long AlarmId { get; init; }

    public required string Actor { get; init; }

    /// <summary>Null to acknowledge; the note to resolve.</summary>
    public string? ResolutionNote { get; init; }

    public required DateTimeOffset At { get; init; }

    public Task<AlarmChange> Result => _result.Task;

    public void Complete(AlarmChange change) => _result.TrySetResult(change);
}
