using System.Globalization;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.Serial.Hosting;

namespace SafeCommunity.Iot.Receivers.Serial.BaseStations;

/// <summary>Serial receivers speaking the link protocol (configuration section <c>Receivers:Serial</c>).</summary>
public sealed class SerialReceiverOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Receivers:Serial";

    /// <summary>One entry per port; empty means no serial receivers.</summary>
    public IList<SerialPortOptions> Ports { get; } = [];

    /// <summary>A mobile receiver's GNSS position is attached to what it hears only while it is at most this old.</summary>
    public int MaxPositionAgeSeconds { get; set; } = 30;

    /// <summary>
    /// How every serial port is read, these and the LoRa modules' of <c>Receivers:LoRaP2P</c>:
    /// <see cref="SerialReader.EventDriven"/> (the default on Linux) or <see cref="SerialReader.SerialPort"/> (the default
    /// elsewhere).
    /// </summary>
    public SerialReader Reader { get; set; } = OperatingSystem.IsLinux() ? SerialReader.EventDriven : SerialReader.SerialPort;
}

/// <summary>How the gateway reads its serial ports.</summary>
public enum SerialReader
{
    /// <summary>
    /// A thread per port waits in poll(2) until the line has bytes: no wake-up while it is quiet, bytes handed on as
    /// they arrive. Linux only.
    /// </summary>
    EventDriven,

    /// <summary>System.IO.Ports' <c>SerialPort</c>; on Linux it checks a waiting read every millisecond.</summary>
    SerialPort,
}

/// <summary>One base station or patrol receiver on a serial port.</summary>
public sealed class SerialPortOptions
{
    /// <summary>The receiver's id in the registry ("wufu-gate-north").</summary>
    public string ReceiverId { get; set; } = "";

    /// <summary>The device path; prefer a stable one (<c>/dev/serial/by-id/usb-...</c>) over <c>/dev/ttyUSB0</c>.</summary>
    public string Path { get; set; } = "";

    /// <summary>Bits per second (8N1).</summary>
    public int BaudRate { get; set; } = 115200;

    /// <summary>
    /// The port is closed and reopened when nothing arrives for this long. Base stations send a status every 60 s,
    /// so the default of 120 s tolerates one lost status.
    /// </summary>
    public int WatchdogSeconds { get; set; } = 120;
}

/// <summary>Checks <see cref="SerialReceiverOptions"/> at start, naming the field at fault.</summary>
internal sealed class SerialReceiverOptionsValidator : IValidateOptions<SerialReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, SerialReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = SerialReceiverOptions.SectionName;
        if (!Enum.IsDefined(options.Reader))
        {
            failures.Add($"{Section}:Reader must be EventDriven or SerialPort (got {options.Reader}).");
        }
        else if (options.Reader == SerialReader.EventDriven && !OperatingSystem.IsLinux())
        {
            failures.Add($"{Section}:Reader EventDriven is for Linux; use SerialPort on this system.");
        }

        if (options.MaxPositionAgeSeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:MaxPositionAgeSeconds must be between 1 and 3600 (got {options.MaxPositionAgeSeconds}).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Ports.Count; i++)
        {
            var port = options.Ports[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"{Section}:Ports:{i}");
            if (port is null)
            {
                failures.Add($"{at} is empty.");
                continue;
            }

            OptionChecks.CheckReceiverId(failures, at, port.ReceiverId, ids);
            OptionChecks.CheckPath(failures, at, port.Path, paths);
            OptionChecks.CheckBaudRate(failures, at, port.BaudRate);
            if (port.WatchdogSeconds is < 1 or > 86_400)
            {
                failures.Add($"{at}:WatchdogSeconds must be between 1 and 86400 (got {port.WatchdogSeconds}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
