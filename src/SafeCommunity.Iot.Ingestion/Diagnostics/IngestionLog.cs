using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Diagnostics;

/// <summary>The pipeline's log messages.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(1, LogLevel.Information, "Uplink pipeline started: {Shards} shards, {Devices} devices with stored state")]
    public static partial void Started(ILogger logger, int shards, int devices);

    [LoggerMessage(2, LogLevel.Information, "Uplink pipeline stopped: {Pending} queued uplinks were not processed")]
    public static partial void Stopped(ILogger logger, int pending);

    [LoggerMessage(3, LogLevel.Warning, "Receiver {ReceiverId} sent a malformed frame ({Reason}); {Suppressed} more since the last report")]
    public static partial void Malformed(ILogger logger, string receiverId, RadioFrameError reason, long suppressed);

    [LoggerMessage(4, LogLevel.Warning, "Receiver {ReceiverId} heard unknown device {DeviceId}; {Suppressed} more unknown-device frames since the last report")]
    public static partial void UnknownDevice(ILogger logger, string receiverId, uint deviceId, long suppressed);

    [LoggerMessage(5, LogLevel.Warning, "Receiver {ReceiverId} heard a frame for device {DeviceId} with a wrong MIC (forged, or a wrong key); {Suppressed} more since the last report")]
    public static partial void BadMic(ILogger logger, string receiverId, uint deviceId, long suppressed);

    [LoggerMessage(6, LogLevel.Warning, "Receiver {ReceiverId} heard device {DeviceId} replay counter {Counter} (latest accepted {LastCounter}); {Suppressed} more since the last report")]
    public static partial void Replay(ILogger logger, string receiverId, uint deviceId, uint counter, uint lastCounter, long suppressed);

    [LoggerMessage(7, LogLevel.Error, "Storing {Count} uplinks failed; retrying in {Delay}")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int count, TimeSpan delay);

    [LoggerMessage(8, LogLevel.Error, "An uplink observer failed on {Device}")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string device);

    [LoggerMessage(10, LogLevel.Information, "Alarm #{Sequence} {Type}: {Kind} ({Severity}) alarm {AlarmId} for {Subject} of {Community}, count {Count}")]
    public static partial void AlarmEvent(ILogger logger, long sequence, string type, string kind, string severity, long alarmId, string subject, string community, int count);

    [LoggerMessage(9, LogLevel.Debug, "Device {DeviceId} at {Position} ±{Accuracy:F0} m ({Source})")]
    public static partial void Located(ILogger logger, uint deviceId, string position, double accuracy, string source);

    [LoggerMessage(11, LogLevel.Critical, "The uplink pipeline's {Stage} stopped while the gateway runs: nothing more can be stored, so the gateway stops; on restart it resumes from what was stored")]
    public static partial void StageEnded(ILogger logger, string stage, Exception? exception);

    [LoggerMessage(12, LogLevel.Information, "The store is shared with other gateways: the alarm stream is read back from it, after sequence {After}")]
    public static partial void SharedFeedStarted(ILogger logger, long after);

    [LoggerMessage(13, LogLevel.Warning, "Could not read the stored alarm events after sequence {After}; retrying in {Delay}")]
    public static partial void SharedFeedReadFailed(ILogger logger, Exception exception, long after, TimeSpan delay);

    [LoggerMessage(14, LogLevel.Information, "This gateway now runs the device timers (silent too long, geofence crossings confirmed by time): {Devices} stored device states taken up in {Milliseconds:F0} ms")]
    public static partial void TimersTakenOver(ILogger logger, int devices, double milliseconds);

    [LoggerMessage(15, LogLevel.Warning, "Could not read the device states other gateways stored; reading again at the next tick")]
    public static partial void SharedStatesReadFailed(ILogger logger, Exception exception);
}
