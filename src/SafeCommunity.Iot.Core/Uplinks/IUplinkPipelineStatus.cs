namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>How the uplink pipeline is doing, for health reports and telemetry.</summary>
public interface IUplinkPipelineStatus
{
    /// <summary>Whether the pipeline has read the stored state and is taking uplinks.</summary>
    bool IsRunning { get; }

    /// <summary>Uplinks waiting anywhere in the pipeline.</summary>
    int Pending { get; }
}
