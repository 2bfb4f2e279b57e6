using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Api.Diagnostics;

/// <summary>The API's log messages (never a token, a key or a person's position).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "A wrong token was presented from {Peer} for {Method}")]
    public static partial void TokenRefused(ILogger logger, string peer, string method);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "No administrator token was in force: one was created and written to {Path} (readable by this user only)")]
    public static partial void AdminTokenWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Alarm stream of {Actor} cut off after sequence {Sequence}: it fell more than {Capacity} events behind")]
    public static partial void SubscriberCutOff(ILogger logger, string actor, long sequence, int capacity);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Alarm stream of {Actor} opened after sequence {Sequence}")]
    public static partial void WatchStarted(ILogger logger, string actor, long sequence);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "Alarm stream of {Actor} aborted: its client did not take a message for {Grace} after it was cut off")]
    public static partial void SubscriberAborted(ILogger logger, string actor, TimeSpan grace);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Token {TokenId} ({Role}) created by {Actor}")]
    public static partial void TokenCreated(ILogger logger, string tokenId, SafeCommunity.Iot.Core.Access.AccessRole role, string actor);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Token {TokenId} revoked by {Actor}")]
    public static partial void TokenRevoked(ILogger logger, string tokenId, string actor);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "{Count} audit lines of reads could not be stored; those reads were refused")]
    public static partial void ReadAuditFailed(ILogger logger, int count, Exception exception);
}
