using System.Globalization;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.Serial.Hosting;

namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>LoRa point-to-point modules (RAK3172, RUI3 AT firmware) on serial ports (configuration section <c>Receivers:LoRaP2P</c>).</summary>
public sealed class LoRaP2POptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Receivers:LoRaP2P";

    /// <summary>One entry per module; empty means no LoRa P2P receivers.</summary>
    public IList<Rak3172ModuleOptions> Modules { get; } = [];

    /// <summary>How long a module has to answer an AT command.</summary>
    public int CommandTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>After this long without a line from a module, it is asked <c>AT</c>; no answer reopens the port and reconfigures it.</summary>
    public int ProbeIntervalSeconds { get; set; } = 60;

    /// <summary>After <c>AT+NWM=0</c>, how long to wait for the module's restart banner before going on.</summary>
    public int RestartSettleMilliseconds { get; set; } = 1500;
}

/// <summary>One RAK3172 module and its P2P radio settings (defaults: CN470, 470.3 MHz, SF7, 125 kHz, 4/5, preamble 8, 14 dBm).</summary>
public sealed class Rak3172ModuleOptions
{
    /// <summary>The receiver's id in the registry.</summary>
    public string ReceiverId { get; set; } = "";

    /// <summary>The device path; prefer a stable one (<c>/dev/serial/by-id/usb-...</c>).</summary>
    public string Path { get; set; } = "";

    /// <summary>Bits per second (8N1); RUI3 uses 115200.</summary>
    public int BaudRate { get; set; } = 115200;

    /// <summary>Centre frequency in Hz, within CN470-510.</summary>
    public long FrequencyHz { get; set; } = 470_300_000;

    /// <summary>Spreading factor 5..12.</summary>
    public int SpreadingFactor { get; set; } = 7;

    /// <summary>Bandwidth in kHz: 125, 250 or 500.</summary>
    public int BandwidthKHz { get; set; } = 125;

    /// <summary>Coding rate 0..3 (4/5, 4/6, 4/7, 4/8).</summary>
    public int CodingRate { get; set; }

    /// <summary>Preamble length in symbols.</summary>
    public int Preamble { get; set; } = 8;

    /// <summary>Transmit power in dBm (the module only receives here, but AT+P2P sets it too).</summary>
    public int TxPowerDbm { get; set; } = 14;

    /// <summary>The <c>AT+P2P</c> command for these settings.</summary>
    public string P2PCommand => string.Create(
        CultureInfo.InvariantCulture,
        $"AT+P2P={FrequencyHz}:{SpreadingFactor}:{BandwidthKHz}:{CodingRate}:{Preamble}:{TxPowerDbm}");
}

/// <summary>Checks <see cref="LoRaP2POptions"/> at start, naming the field at fault.</summary>
internal sealed class LoRaP2POptionsValidator : IValidateOptions<LoRaP2POptions>
{
    private static readonly int[] Bandwidths = [125, 250, 500];

    public ValidateOptionsResult Validate(string? name, LoRaP2POptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = LoRaP2POptions.SectionName;
        if (options.CommandTimeoutMilliseconds is < 50 or > 60_000)
        {
            failures.Add($"{Section}:CommandTimeoutMilliseconds must be between 50 and 60000 (got {options.CommandTimeoutMilliseconds}).");
        }

        if (options.ProbeIntervalSeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:ProbeIntervalSeconds must be between 1 and 3600 (got {options.ProbeIntervalSeconds}).");
        }

        if (options.RestartSettleMilliseconds is < 0 or > 30_000)
        {
            failures.Add($"{Section}:RestartSettleMilliseconds must be between 0 and 30000 (got {options.RestartSettleMilliseconds}).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Modules.Count; i++)
        {
            var module = options.Modules[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"{Section}:Modules:{i}");
            if (module is null)
            {
                failures.Add($"{at} is empty.");
                continue;
            }

            OptionChecks.CheckReceiverId(failures, at, module.ReceiverId, ids);
            OptionChecks.CheckPath(failures, at, module.Path, paths);
            OptionChecks.CheckBaudRate(failures, at, module.BaudRate);
            if (module.FrequencyHz is < 470_000_000 or > 510_000_000)
            {
                failures.Add($"{at}:FrequencyHz must be within CN470-510, 470000000..510000000 Hz (got {module.FrequencyHz}).");
            }

            if (module.SpreadingFactor is < 5 or > 12)
            {
                failures.Add($"{at}:SpreadingFactor must be between 5 and 12 (got {module.SpreadingFactor}).");
            }

            if (Array.IndexOf(Bandwidths, module.BandwidthKHz) < 0)
            {
                failures.Add($"{at}:BandwidthKHz must be 125, 250 or 500 (got {module.BandwidthKHz}).");
            }

            if (module.CodingRate is < 0 or > 3)
            {
                failures.Add($"{at}:CodingRate must be between 0 (4/5) and 3 (4/8) (got {module.CodingRate}).");
            }

            if (module.Preamble is < 2 or > 65_535)
            {
                failures.Add($"{at}:Preamble must be between 2 and 65535 symbols (got {module.Preamble}).");
            }

            if (module.TxPowerDbm is < 5 or > 22)
            {
                failures.Add($"{at}:TxPowerDbm must be between 5 and 22 dBm (got {module.TxPowerDbm}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
