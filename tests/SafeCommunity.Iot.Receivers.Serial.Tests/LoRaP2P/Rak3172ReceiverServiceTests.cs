using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.LoRaP2P;

/// <summary>The whole LoRa P2P service against a fake RAK3172 on a real pseudo-terminal.</summary>
public sealed class Rak3172ReceiverServiceTests
{
    private const string ReceiverId = "lora-1";
    private const string P2P = "AT+P2P=470300000:7:125:0:8:14";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly string[] Configuration = ["AT", "AT+PRECV=0", "AT+NWM=0", P2P, "AT+PRECV=65534"];

    [Fact]
    public async Task ExecuteAsync_ModuleAnswersOk_ConfiguresAndForwardsBothReceiveEventForms()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var module = FakeRak3172.Start(pty.DevicePath);
        await using var host = await ReceiverHost.StartAsync(Config(pty.GatewayPath));
        await host.WaitForConnectedAsync(ReceiverId);
        Assert.Equal(Configuration, module.Commands);

        var current = TestData.Beacon(0x00C0FFEE, 1);
        var legacy = TestData.Beacon(0x00C0FFEE, 2);
        await module.EmitAsync($"+EVT:RXP2P:-30:13:{Convert.ToHexString(current)}");
        await module.EmitAsync("+EVT:RXP2P, RSSI -110, SNR -5", $"+EVT:{Convert.ToHexString(legacy).ToLowerInvariant()}");
        var first = await host.Ingress.NextAsync(Wait);
        var second = await host.Ingress.NextAsync(Wait);

        Assert.Equal(current, first.Payload.ToArray());
        Assert.Equal(ReceiverId, first.ReceiverId);
        Assert.Equal(UplinkTransport.LoRaP2P, first.Transport);
        Assert.Equal(-30, first.RssiDbm);
        Assert.Equal(13, first.SnrDb);
        Assert.Null(first.ReceiverPosition);
        Assert.Equal(legacy, second.Payload.ToArray());
        Assert.Equal(-110, second.RssiDbm);
        Assert.Equal(-5, second.SnrDb);
    }

    [Fact]
    public async Task ExecuteAsync_ReceiveTimeout_ReArmsContinuousReceive()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var module = FakeRak3172.Start(pty.DevicePath);
        await using var host = await ReceiverHost.StartAsync(Config(pty.GatewayPath));
        await host.WaitForConnectedAsync(ReceiverId);

        await module.EmitAsync("+EVT:RXP2P RECEIVE TIMEOUT");
        await module.WaitForCommandsAsync(Configuration.Length + 1, Wait);

        Assert.Equal("AT+PRECV=65534", module.Commands.Last());
    }

    [Fact]
    public async Task ExecuteAsync_BusyOnceThenRestartBanner_RetriesAndConfiguresAgain()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var module = FakeRak3172.Start(pty.DevicePath);
        module.ReplyOnce("AT+PRECV=0", "AT_BUSY_ERROR");
        await using var host = await ReceiverHost.StartAsync(Config(pty.GatewayPath));
        await host.WaitForConnectedAsync(ReceiverId);

        Assert.Equal(["AT", "AT+PRECV=0", "AT+PRECV=0", "AT+NWM=0", P2P, "AT+PRECV=65534"], module.Commands);

        // The module resets on its own (brown-out, watchdog): it prints its banner and has forgotten P2P receive.
        await module.EmitAsync("RAKwireless RAK3172-E Example", "------------------------------------------------------", "Current Work Mode: LoRa P2P.");
        await module.WaitForCommandsAsync(6 + Configuration.Length, Wait);
        await host.WaitForConnectedAsync(ReceiverId);

        Assert.Equal(Configuration, module.Commands.Skip(6));
        var frame = TestData.Beacon(0x00C0FFEE, 3);
        await module.EmitAsync($"+EVT:RXP2P:-45:-7:{Convert.ToHexString(frame)}");
        Assert.Equal(frame, (await host.Ingress.NextAsync(Wait)).Payload.ToArray());
        Assert.Equal(Configuration.Length + 6, module.Commands.Count);
    }

    [Fact]
    public async Task ExecuteAsync_ParameterRefused_LogsCommandAndReplyAndReopensWithBackoff()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var module = FakeRak3172.Start(pty.DevicePath);
        module.ReplyOnce(P2P, "AT_PARAM_ERROR");
        await using var host = await ReceiverHost.StartAsync(Config(pty.GatewayPath));

        await module.WaitForCommandsAsync(4 + Configuration.Length, Wait);
        await host.WaitForConnectedAsync(ReceiverId);

        Assert.Equal([.. Configuration[..4], .. Configuration], module.Commands);
        Assert.Contains(host.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && e.Message.Contains($"{P2P} answered AT_PARAM_ERROR", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains($"lost: {P2P} refused: AT_PARAM_ERROR", StringComparison.Ordinal));
        Assert.Equal(ReceiverLink.Connected, host.Board.Find(ReceiverId)?.Link);
    }

    [Fact]
    public async Task ExecuteAsync_ModuleFallsSilent_ProbesReopensAndConfiguresAgain()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var module = FakeRak3172.Start(pty.DevicePath);
        var config = Config(pty.GatewayPath);
        config["Receivers:LoRaP2P:ProbeIntervalSeconds"] = "1";
        config["Receivers:LoRaP2P:CommandTimeoutMilliseconds"] = "2000";
        await using var host = await ReceiverHost.StartAsync(config);
        await host.WaitForConnectedAsync(ReceiverId);

        var before = host.Logs.Entries.Count;
        module.Mute = true;
        await ReceiverHost.WaitUntilAsync(
            () => host.Logs.Entries.Skip(before).Any(e => e.Message.Contains("probing with AT", StringComparison.Ordinal))
                && host.Logs.Entries.Skip(before).Any(e => e.Message.Contains("lost: no answer to AT within 2000 ms", StringComparison.Ordinal)),
            Wait,
            "the unanswered probe closing the link");
        module.Mute = false;
        await host.WaitForConnectedAsync(ReceiverId, reconnects: 1);

        // A second after it is configured again the link probes: trailing "AT"s are those probes.
        var commands = module.Commands.ToList();
        while (commands[^1] == "AT")
        {
            commands.RemoveAt(commands.Count - 1);
        }

        Assert.Equal(Configuration, commands.TakeLast(Configuration.Length));
    }

    private static Dictionary<string, string?> Config(string path) => new()
    {
        ["Receivers:LoRaP2P:Modules:0:ReceiverId"] = ReceiverId,
        ["Receivers:LoRaP2P:Modules:0:Path"] = path,

        // Generous, so that a loaded CI machine never turns a slow answer into a reconfiguration.
        ["Receivers:LoRaP2P:CommandTimeoutMilliseconds"] = "15000",
    };
}
