using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>Log messages of RAK3172 LoRa P2P modules.</summary>
internal static partial class Rak3172Log
{
    [LoggerMessage(241, LogLevel.Information, "Starting {Count} LoRa P2P modules")]
    public static partial void Starting(ILogger logger, int count);

    [LoggerMessage(242, LogLevel.Debug, "No LoRa P2P modules configured (Receivers:LoRaP2P:Modules is empty)")]
    public static partial void NoneConfigured(ILogger logger);

    [LoggerMessage(243, LogLevel.Debug, "Module {ReceiverId}: > {Command}")]
    public static partial void Sending(ILogger logger, string receiverId, string command);

    [LoggerMessage(244, LogLevel.Debug, "Module {ReceiverId}: < {Line}")]
    public static partial void Received(ILogger logger, string receiverId, string line);

    [LoggerMessage(245, LogLevel.Information, "Module {ReceiverId}: {Command} answered AT_BUSY_ERROR; retrying ({Attempt}/{MaxAttempts})")]
    public static partial void Busy(ILogger logger, string receiverId, string command, int attempt, int maxAttempts);

    [LoggerMessage(246, LogLevel.Warning, "Module {ReceiverId}: {Command} answered {Reply}")]
    public static partial void CommandFailed(ILogger logger, string receiverId, string command, string reply);

    [LoggerMessage(247, LogLevel.Warning, "Module {ReceiverId}: no answer to {Command} within {Timeout}")]
    public static partial void CommandTimedOut(ILogger logger, string receiverId, string command, TimeSpan timeout);

    [LoggerMessage(248, LogLevel.Information, "Module {ReceiverId} configured: {Settings}")]
    public static partial void Configured(ILogger logger, string receiverId, string settings);

    [LoggerMessage(249, LogLevel.Warning, "Module {ReceiverId} restarted (\"{Line}\"); configuring it again")]
    public static partial void Restarted(ILogger logger, string receiverId, string line);

    [LoggerMessage(250, LogLevel.Warning, "Module {ReceiverId}: unusable line ({Reason}); {Suppressed} more since the last report")]
    public static partial void Malformed(ILogger logger, string receiverId, string? reason, long suppressed);

    [LoggerMessage(251, LogLevel.Debug, "Module {ReceiverId}: unusable line ({Reason})")]
    public static partial void MalformedQuietly(ILogger logger, string receiverId, string? reason);

    [LoggerMessage(252, LogLevel.Debug, "Module {ReceiverId}: receive window ended; re-arming")]
    public static partial void Rearming(ILogger logger, string receiverId);

    [LoggerMessage(253, LogLevel.Debug, "Module {ReceiverId}: silent for {Silence}; probing with AT")]
    public static partial void Probing(ILogger logger, string receiverId, TimeSpan silence);
}
