using SafeCommunity.Iot.Core.Resilience;

namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>How a <see cref="SerialPortSession"/> opens and watches one port.</summary>
/// <param name="ReceiverId">The receiver on the port (health board key, logs).</param>
/// <param name="Path">The device path.</param>
/// <param name="BaudRate">Bits per second.</param>
/// <param name="Watchdog">The port is reopened when nothing arrives for this long.</param>
internal sealed record SerialPortSessionSettings(string ReceiverId, string Path, int BaudRate, TimeSpan Watchdog)
{
    /// <summary>How often an open port's device path is checked (vanished, or now another device).</summary>
    public TimeSpan PathCheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a missing device path is looked for again.</summary>
    public TimeSpan DeviceWaitInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long to wait for a handler to end after its port was closed before abandoning it.</summary>
    public TimeSpan HandlerStopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Delays between attempts to reopen: 200 ms doubling to at most 5 s.</summary>
    public ExponentialBackoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
}
