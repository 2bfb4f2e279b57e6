using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Core.Downlinks;

/// <summary>The outcome of <see cref="IDownlinkSender.SendAsync"/>.</summary>
/// <param name="Status">What became of the command.</param>
/// <param name="DeviceId">The addressed device.</param>
/// <param name="Counter">The downlink counter it was sent with, when it was sent.</param>
/// <param name="CommandResult">The device's result, when <paramref name="Status"/> is <see cref="DownlinkStatus.Acknowledged"/>.</param>
/// <param name="Error">Why it was not sent, for the operator; null when it was sent.</param>
public sealed record DownlinkResult(DownlinkStatus Status, uint DeviceId, uint? Counter, CommandResult? CommandResult, string? Error)
{
    /// <summary>Whether the device acknowledged the command and carried it out.</summary>
    public bool IsDone => Status == DownlinkStatus.Acknowledged && CommandResult == Protocol.Radio.CommandResult.Done;

    /// <summary>A command that was not sent, and why.</summary>
    public static DownlinkResult NotSent(DownlinkStatus status, uint deviceId, string error) => new(status, deviceId, null, null, error);
}
