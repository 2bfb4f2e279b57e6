using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;
using SafeCommunity.Iot.Receivers.Serial.Ports;
using SafeCommunity.Iot.Receivers.Serial.Ports.Linux;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Hosting;

public sealed class AddSerialReceiversTests
{
    [Fact]
    public async Task StartAsync_NothingConfigured_StartsNoReceiver()
    {
        await using var host = await ReceiverHost.StartAsync(new Dictionary<string, string?>());

        await ReceiverHost.WaitUntilAsync(
            () => host.Logs.Entries.Any(e => e.Message.Contains("No serial receivers configured", StringComparison.Ordinal))
                && host.Logs.Entries.Any(e => e.Message.Contains("No LoRa P2P modules configured", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "both services saw empty lists");
        Assert.Empty(host.Board.All);
    }

    [Fact]
    public async Task StartAsync_InvalidModule_FailsNamingTheField()
    {
        using var logs = new CapturingLoggerProvider();
        using var host = ReceiverHost.Build(
            new Dictionary<string, string?>
            {
                ["Receivers:LoRaP2P:Modules:0:ReceiverId"] = "lora-1",
                ["Receivers:LoRaP2P:Modules:0:Path"] = "/dev/ttyUSB1",
                ["Receivers:LoRaP2P:Modules:0:FrequencyHz"] = "868100000",
            },
            registry: null,
            new RecordingIngress(),
            logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Receivers:LoRaP2P:Modules:0:FrequencyHz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSerialReceivers_Configuration_IsBound()
    {
        using var logs = new CapturingLoggerProvider();
        using var host = ReceiverHost.Build(
            new Dictionary<string, string?>
            {
                ["Receivers:Serial:MaxPositionAgeSeconds"] = "10",
                ["Receivers:Serial:Ports:0:ReceiverId"] = "gate-1",
                ["Receivers:Serial:Ports:0:Path"] = "/dev/serial/by-id/usb-gate-1",
                ["Receivers:Serial:Ports:0:WatchdogSeconds"] = "90",
                ["Receivers:LoRaP2P:Modules:0:ReceiverId"] = "lora-1",
                ["Receivers:LoRaP2P:Modules:0:Path"] = "/dev/ttyUSB1",
                ["Receivers:LoRaP2P:Modules:0:SpreadingFactor"] = "9",
            },
            registry: null,
            new RecordingIngress(),
            logs);

        var serial = host.Services.GetRequiredService<IOptions<SerialReceiverOptions>>().Value;
        var lora = host.Services.GetRequiredService<IOptions<LoRaP2POptions>>().Value;

        Assert.Equal(10, serial.MaxPositionAgeSeconds);
        Assert.Equal(90, Assert.Single(serial.Ports).WatchdogSeconds);
        Assert.Equal("AT+P2P=470300000:9:125:0:8:14", Assert.Single(lora.Modules).P2PCommand);
        Assert.Equal(2, host.Services.GetServices<IHostedService>().Count());
    }

    [Theory]
    [InlineData(null, typeof(LinuxSerialStreamFactory))]
    [InlineData("EventDriven", typeof(LinuxSerialStreamFactory))]
    [InlineData("SerialPort", typeof(SerialPortStreamFactory))]
    public void AddSerialReceivers_Reader_ChoosesHowPortsAreRead(string? reader, Type expected)
    {
        using var logs = new CapturingLoggerProvider();
        using var host = ReceiverHost.Build(
            new Dictionary<string, string?> { ["Receivers:Serial:Reader"] = reader },
            registry: null,
            new RecordingIngress(),
            logs);

        Assert.IsType(expected, host.Services.GetRequiredService<ISerialStreamFactory>());
    }
}
