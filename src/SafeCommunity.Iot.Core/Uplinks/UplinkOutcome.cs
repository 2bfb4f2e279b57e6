namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>What the pipeline did with one raw uplink.</summary>
public enum UplinkOutcome
{
    /// <summary>A new frame: it changed the device's state, and the change is stored.</summary>
    Accepted = 1,

    /// <summary>Another reception of a frame already accepted; it may refine the location, nothing more.</summary>
    Duplicate,

    /// <summary>The bytes are not a valid frame.</summary>
    Malformed,

    /// <summary>No device with that id is enrolled.</summary>
    UnknownDevice,

    /// <summary>The MIC does not match the device's key (a forgery, or a wrong key).</summary>
    BadMic,

    /// <summary>The frame counter is not newer than what was accepted (a replay, or a rolled-back counter).</summary>
    Replay,

    /// <summary>The gateway was stopping and the uplink was not processed; the sender may deliver it again.</summary>
    NotProcessed,
}
