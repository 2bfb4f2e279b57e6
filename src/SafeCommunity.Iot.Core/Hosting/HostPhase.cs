namespace SafeCommunity.Iot.Core.Hosting;

/// <summary>When a <see cref="PhasedBackgroundService"/> runs within the host's start and stop, whatever the order it was registered in.</summary>
public enum HostPhase
{
    /// <summary>
    /// Starts after every other service has started and stops before any other stops: a receiver, so frames arrive
    /// only once the pipeline runs and stop arriving before the pipeline drains.
    /// </summary>
    Source,

    /// <summary>Starts and stops with the host's own start and stop, between the sources and the sinks.</summary>
    Stage,

    /// <summary>
    /// Starts before every other service and stops after all of them: a sink that takes what the others hand it up to
    /// their last word (the telemetry spool writer).
    /// </summary>
    Sink,
}
