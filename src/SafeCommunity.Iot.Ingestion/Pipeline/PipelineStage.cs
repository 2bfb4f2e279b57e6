namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>A stage of the pipeline, named for the log, and the task that runs it.</summary>
/// <param name="Name">How the log names it: dispatcher, shard N, committer, ticker.</param>
/// <param name="Task">The running stage; it ends only when the pipeline stops, unless it failed.</param>
internal sealed record PipelineStage(string Name, Task Task);
