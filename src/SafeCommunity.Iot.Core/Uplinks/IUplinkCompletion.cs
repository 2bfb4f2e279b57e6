namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>
/// Told once what became of a raw uplink, after anything it changed is stored. An MQTT receiver acknowledges a
/// QoS 1 message from here, so a message is never acknowledged before its effects survive a crash.
/// </summary>
public interface IUplinkCompletion
{
    /// <summary>Called exactly once per raw uplink, from a pipeline thread; must not block.</summary>
    void Complete(UplinkOutcome outcome);
}
