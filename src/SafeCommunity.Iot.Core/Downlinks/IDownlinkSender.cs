using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Core.Downlinks;

/// <summary>
/// Sends a downlink command (PROTOCOL.md §1.3) to an enrolled device and waits for the device's acknowledgement. The
/// API asks through this contract; the LoRaWAN receiver answers it when it is configured.
/// </summary>
public interface IDownlinkSender
{
    /// <summary>
    /// Sends <paramref name="command"/> with <paramref name="argument"/> to device <paramref name="deviceId"/> and waits
    /// up to <paramref name="ackTimeout"/> for its acknowledgement.
    /// </summary>
    /// <returns>
    /// <see cref="DownlinkStatus.Acknowledged"/> with the device's result; <see cref="DownlinkStatus.TimedOut"/> (the
    /// command may still be carried out later); or why nothing was sent.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ackTimeout"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    Task<DownlinkResult> SendAsync(uint deviceId, DownlinkCommandCode command, ushort argument, TimeSpan ackTimeout, CancellationToken cancellationToken);
}
