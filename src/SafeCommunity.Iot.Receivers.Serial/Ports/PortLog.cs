using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>Log messages of serial port sessions.</summary>
internal static partial class PortLog
{
    [LoggerMessage(201, LogLevel.Information, "Receiver {ReceiverId}: opened {Path} ({Device})")]
    public static partial void Opened(ILogger logger, string receiverId, string path, string device);

    [LoggerMessage(202, LogLevel.Information, "Receiver {ReceiverId}: link on {Path} is up ({Detail})")]
    public static partial void Connected(ILogger logger, string receiverId, string path, string detail);

    [LoggerMessage(203, LogLevel.Warning, "Receiver {ReceiverId}: link on {Path} lost: {Reason}; reopening in {Delay}")]
    public static partial void Lost(ILogger logger, string receiverId, string path, string reason, TimeSpan delay);

    [LoggerMessage(204, LogLevel.Warning, "Receiver {ReceiverId}: device {Path} is missing; waiting for it to be plugged in")]
    public static partial void WaitingForDevice(ILogger logger, string receiverId, string path);

    [LoggerMessage(205, LogLevel.Information, "Receiver {ReceiverId}: device {Path} is back")]
    public static partial void DeviceAppeared(ILogger logger, string receiverId, string path);

    [LoggerMessage(206, LogLevel.Warning, "Receiver {ReceiverId}: the read on {Path} did not end after the port was closed; abandoning it")]
    public static partial void HandlerStuck(ILogger logger, string receiverId, string path);

    [LoggerMessage(207, LogLevel.Error, "Receiver {ReceiverId}: session on {Path} failed unexpectedly; retrying in {Delay}")]
    public static partial void Crashed(ILogger logger, Exception exception, string receiverId, string path, TimeSpan delay);
}
