using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Receivers.Serial.BaseStations;

/// <summary>Log messages of serial base stations and patrol receivers.</summary>
internal static partial class BaseStationLog
{
    [LoggerMessage(221, LogLevel.Information, "Starting {Count} serial receivers")]
    public static partial void Starting(ILogger logger, int count);

    [LoggerMessage(222, LogLevel.Debug, "No serial receivers configured (Receivers:Serial:Ports is empty)")]
    public static partial void NoneConfigured(ILogger logger);

    [LoggerMessage(223, LogLevel.Warning, "Receiver {ReceiverId}: dropped a link record ({Reason}); {Suppressed} more dropped since the last report")]
    public static partial void RecordRejected(ILogger logger, string receiverId, LinkRecordError reason, long suppressed);

    [LoggerMessage(224, LogLevel.Debug, "Receiver {ReceiverId}: dropped a link record ({Reason})")]
    public static partial void RecordRejectedQuietly(ILogger logger, string receiverId, LinkRecordError reason);

    [LoggerMessage(225, LogLevel.Information, "Receiver {ReceiverId} started: hardware id {HardwareId}, firmware {Firmware}, GNSS {GnssPresent}")]
    public static partial void Hello(ILogger logger, string receiverId, uint hardwareId, string firmware, bool gnssPresent);

    [LoggerMessage(226, LogLevel.Warning, "Receiver {ReceiverId} on this port reports hardware id {Reported}, but the registry expects {Expected}: check the cabling or the port configuration")]
    public static partial void HardwareIdMismatch(ILogger logger, string receiverId, uint reported, uint expected);

    [LoggerMessage(227, LogLevel.Warning, "Receiver {ReceiverId} reports a radio fault")]
    public static partial void RadioFault(ILogger logger, string receiverId);

    [LoggerMessage(228, LogLevel.Debug, "Receiver {ReceiverId} at {Position}")]
    public static partial void Position(ILogger logger, string receiverId, string position);

    [LoggerMessage(229, LogLevel.Debug, "Receiver {ReceiverId} has no GNSS fix ({Reason})")]
    public static partial void NoFix(ILogger logger, string receiverId, string? reason);

    [LoggerMessage(230, LogLevel.Warning, "Receiver {ReceiverId}: unusable GNSS sentence ({Reason}); {Suppressed} more since the last report")]
    public static partial void SentenceRejected(ILogger logger, string receiverId, string? reason, long suppressed);

    [LoggerMessage(231, LogLevel.Debug, "Receiver {ReceiverId}: unusable GNSS sentence ({Reason})")]
    public static partial void SentenceRejectedQuietly(ILogger logger, string receiverId, string? reason);
}
