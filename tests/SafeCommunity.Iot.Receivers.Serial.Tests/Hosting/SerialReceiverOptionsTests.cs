using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Hosting;

public sealed class SerialReceiverOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new SerialReceiverOptions();
        options.Ports.Add(new SerialPortOptions { ReceiverId = "gate-1", Path = "/dev/serial/by-id/usb-FTDI-if00" });
        var lora = new LoRaP2POptions();
        lora.Modules.Add(new Rak3172ModuleOptions { ReceiverId = "lora-1", Path = "/dev/ttyUSB1" });

        Assert.True(new SerialReceiverOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(new LoRaP2POptionsValidator().Validate(null, lora).Succeeded);
        Assert.Equal("AT+P2P=470300000:7:125:0:8:14", lora.Modules[0].P2PCommand);
        Assert.Equal(120, options.Ports[0].WatchdogSeconds);
        Assert.Equal(115200, options.Ports[0].BaudRate);
        Assert.Equal(30, options.MaxPositionAgeSeconds);
    }

    [Fact]
    public void Validate_EmptyLists_Succeed()
    {
        Assert.True(new SerialReceiverOptionsValidator().Validate(null, new SerialReceiverOptions()).Succeeded);
        Assert.True(new LoRaP2POptionsValidator().Validate(null, new LoRaP2POptions()).Succeeded);
    }

    [Theory]
    [InlineData("", "/dev/ttyUSB0", 115200, 120, "Receivers:Serial:Ports:0:ReceiverId is required")]
    [InlineData("gate-1", "", 115200, 120, "Receivers:Serial:Ports:0:Path is required")]
    [InlineData("gate-1", "ttyUSB0", 115200, 120, "Receivers:Serial:Ports:0:Path must be an absolute device path")]
    [InlineData("gate-1", "/dev/ttyUSB0", 0, 120, "Receivers:Serial:Ports:0:BaudRate must be a standard speed: 300, 600")]
    [InlineData("gate-1", "/dev/ttyUSB0", 250000, 120, "(got 250000)")]
    [InlineData("gate-1", "/dev/ttyUSB0", 115200, 0, "Receivers:Serial:Ports:0:WatchdogSeconds must be between")]
    public void Validate_BadPort_NamesTheField(string receiverId, string path, int baudRate, int watchdog, string message)
    {
        var options = new SerialReceiverOptions();
        options.Ports.Add(new SerialPortOptions { ReceiverId = receiverId, Path = path, BaudRate = baudRate, WatchdogSeconds = watchdog });

        var result = new SerialReceiverOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamePortTwice_NamesTheSecond()
    {
        var options = new SerialReceiverOptions { MaxPositionAgeSeconds = 0 };
        options.Ports.Add(new SerialPortOptions { ReceiverId = "gate-1", Path = "/dev/ttyUSB0" });
        options.Ports.Add(new SerialPortOptions { ReceiverId = "gate-1", Path = "/dev/ttyUSB0" });

        var result = new SerialReceiverOptionsValidator().Validate(null, options);

        Assert.Contains("Receivers:Serial:Ports:1:ReceiverId 'gate-1' is configured twice", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Receivers:Serial:Ports:1:Path '/dev/ttyUSB0' is configured twice", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Receivers:Serial:MaxPositionAgeSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(Rak3172ModuleOptions.FrequencyHz), 868_100_000L, "FrequencyHz must be within CN470-510")]
    [InlineData(nameof(Rak3172ModuleOptions.FrequencyHz), 469_999_999L, "FrequencyHz must be within CN470-510")]
    [InlineData(nameof(Rak3172ModuleOptions.SpreadingFactor), 13L, "SpreadingFactor must be between 5 and 12")]
    [InlineData(nameof(Rak3172ModuleOptions.SpreadingFactor), 4L, "SpreadingFactor must be between 5 and 12")]
    [InlineData(nameof(Rak3172ModuleOptions.BandwidthKHz), 62L, "BandwidthKHz must be 125, 250 or 500")]
    [InlineData(nameof(Rak3172ModuleOptions.CodingRate), 4L, "CodingRate must be between 0 (4/5) and 3 (4/8)")]
    [InlineData(nameof(Rak3172ModuleOptions.Preamble), 0L, "Preamble must be between")]
    [InlineData(nameof(Rak3172ModuleOptions.TxPowerDbm), 30L, "TxPowerDbm must be between")]
    public void Validate_RadioSettingOutOfRange_NamesTheField(string field, long value, string message)
    {
        var module = new Rak3172ModuleOptions { ReceiverId = "lora-1", Path = "/dev/ttyUSB1" };
        typeof(Rak3172ModuleOptions).GetProperty(field)!.SetValue(module, field == nameof(Rak3172ModuleOptions.FrequencyHz) ? value : (object)(int)value);
        var options = new LoRaP2POptions();
        options.Modules.Add(module);

        var result = new LoRaP2POptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Receivers:LoRaP2P:Modules:0:{message}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(125)]
    [InlineData(250)]
    [InlineData(500)]
    public void Validate_EveryAllowedBandwidth_Succeeds(int bandwidth)
    {
        var options = new LoRaP2POptions();
        options.Modules.Add(new Rak3172ModuleOptions { ReceiverId = "lora-1", Path = "/dev/ttyUSB1", BandwidthKHz = bandwidth, SpreadingFactor = 12, FrequencyHz = 510_000_000 });

        Assert.Equal(ValidateOptionsResult.Success, new LoRaP2POptionsValidator().Validate(null, options));
    }
}
