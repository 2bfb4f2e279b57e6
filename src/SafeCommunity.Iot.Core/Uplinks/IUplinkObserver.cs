namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>
/// Gets every accepted uplink (and every merged duplicate) after its state change is stored, in each device's
/// frame order. Runs on the pipeline's commit thread: it must be quick and must not block (hand work to a
/// channel of its own).
/// </summary>
public interface IUplinkObserver
{
    /// <summary>Called once per stored uplink.</summary>
    void OnStored(AcceptedUplink uplink);
}
