using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.BaseStations;

/// <summary>The whole service over real pseudo-terminals (socat), from <c>AddSerialReceivers</c> to the ingress.</summary>
public sealed class SerialReceiverServiceTests
{
    private const uint Device = 0x00C0FFEE;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExecuteAsync_RecordsSplitAtEveryByteBoundary_ArriveIntact()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var host = await ReceiverHost.StartAsync(Config("gate-1", pty.GatewayPath));
        await host.WaitForConnectedAsync("gate-1");
        using var device = PtyDevice.Open(pty.DevicePath);
        var sentence = TestData.WithChecksum(TestData.Rmc);

        uint counter = 1;
        var splits = 0;
        for (var split = 1; ; split++)
        {
            var first = TestData.Beacon(Device, counter++);
            var second = TestData.Beacon(Device, counter++);
            var stream = TestData.Concat(
                TestData.ReceptionRecord(first),
                TestData.StatusRecord(0x1234),
                TestData.SentenceRecord(sentence),
                TestData.ReceptionRecord(second, rssi: -100, snrQuarterDb: -8));
            if (split >= stream.Length)
            {
                break;
            }

            await device.WriteAsync(stream.AsMemory(0, split));
            await Task.Delay(1);
            await device.WriteAsync(stream.AsMemory(split));

            var a = await host.Ingress.NextAsync(Wait);
            var b = await host.Ingress.NextAsync(Wait);
            Assert.Equal(first, a.Payload.ToArray());
            Assert.Equal(second, b.Payload.ToArray());
            Assert.Equal(-100, b.RssiDbm);
            Assert.Equal(-2.0, b.SnrDb);
            splits++;
        }

        Assert.True(splits > 100);
        var health = host.Board.Find("gate-1");
        Assert.NotNull(health);
        Assert.Equal(0, health.LinkErrors);
        Assert.Equal("1.2.3", health.FirmwareVersion);
        Assert.False(host.Ingress.HasPending);
    }

    [Fact]
    public async Task ExecuteAsync_ReceptionRecord_BecomesRawUplink()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var host = await ReceiverHost.StartAsync(Config("gate-1", pty.GatewayPath));
        await host.WaitForConnectedAsync("gate-1");
        using var device = PtyDevice.Open(pty.DevicePath);
        var frame = TestData.Beacon(Device, 42);
        var before = DateTimeOffset.UtcNow;

        await device.WriteAsync(TestData.ReceptionRecord(frame, rssi: -87, snrQuarterDb: 38));
        var uplink = await host.Ingress.NextAsync(Wait);

        Assert.Equal("gate-1", uplink.ReceiverId);
        Assert.Equal(UplinkTransport.Serial, uplink.Transport);
        Assert.Equal(frame, uplink.Payload.ToArray());
        Assert.Equal(-87, uplink.RssiDbm);
        Assert.Equal(9.5, uplink.SnrDb);
        Assert.Null(uplink.ReceiverPosition);
        Assert.InRange(uplink.ReceivedAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task ExecuteAsync_GarbageBetweenRecords_IsSkippedAndCounted()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var host = await ReceiverHost.StartAsync(Config("gate-1", pty.GatewayPath));
        await host.WaitForConnectedAsync("gate-1");
        using var device = PtyDevice.Open(pty.DevicePath);
        var frames = new[] { TestData.Beacon(Device, 1), TestData.Beacon(Device, 2), TestData.Beacon(Device, 3) };

        await device.WriteAsync(TestData.Concat(
            TestData.ReceptionRecord(frames[0]),
            [0xDE, 0xAD, 0xBE, 0xEF, 0x00],                    // bad COBS
            TestData.ReceptionRecord(frames[1]),
            [0x00, 0x00],                                      // empty runs: not errors
            [.. Enumerable.Repeat((byte)0x55, 200), 0x00],     // too long for a record
            TestData.ReceptionRecord(frames[2])));

        foreach (var frame in frames)
        {
            Assert.Equal(frame, (await host.Ingress.NextAsync(Wait)).Payload.ToArray());
        }

        await ReceiverHost.WaitUntilAsync(() => host.Board.Find("gate-1")?.LinkErrors == 2, Wait, "two link errors");
        await ReceiverHost.WaitUntilAsync(
            () => host.Logs.Entries.Any(e => e.Message.Contains(nameof(LinkRecordError.BadCobs), StringComparison.Ordinal))
                && host.Logs.Entries.Any(e => e.Message.Contains(nameof(LinkRecordError.Oversize), StringComparison.Ordinal)),
            Wait,
            "both rejections logged with their reason");
    }

    [Theory]
    [InlineData("EventDriven")]
    [InlineData("SerialPort")]
    public async Task ExecuteAsync_PtyPairKilledAndRecreated_ReconnectsAndARecordAfterTheReplugArrives(string reader)
    {
        await using var pty = await SocatPtyPair.StartAsync();
        var config = Config("gate-1", pty.GatewayPath);
        config["Receivers:Serial:Reader"] = reader;
        await using var host = await ReceiverHost.StartAsync(config);
        await host.WaitForConnectedAsync("gate-1");
        using (var device = PtyDevice.Open(pty.DevicePath))
        {
            await device.WriteAsync(TestData.ReceptionRecord(TestData.Beacon(Device, 1)));
            await host.Ingress.NextAsync(Wait);
        }

        await pty.UnplugAsync();
        await ReceiverHost.WaitUntilAsync(() => host.Board.Find("gate-1") is { Link: ReceiverLink.Disconnected }, Wait, "the unplug noticed");

        await pty.PlugAsync();
        using var replaced = PtyDevice.Open(pty.DevicePath);
        var frame = TestData.Beacon(Device, 2);
        var arrival = host.Ingress.NextMatchingAsync(u => u.Payload.Span.SequenceEqual(frame), Wait);

        // Send after the replug until it arrives: bytes written before the gateway reopened may be flushed on open.
        while (!arrival.IsCompleted)
        {
            await replaced.WriteAsync(TestData.ReceptionRecord(frame));
            await Task.WhenAny(arrival, Task.Delay(100));
        }

        var uplink = await arrival;
        Assert.Equal("gate-1", uplink.ReceiverId);
        var health = host.Board.Find("gate-1");
        Assert.Equal(ReceiverLink.Connected, health?.Link);
        Assert.True(health?.Reconnects >= 1);
    }

    [Fact]
    public async Task ExecuteAsync_MobileReceiverRmcThenReception_UplinkCarriesThatPosition()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [],
            [new Receiver { Id = "patrol-1", Kind = ReceiverKind.Mobile, CommunityId = "wufu", RangeMetres = 100 }],
            []));
        await using var pty = await SocatPtyPair.StartAsync();
        await using var host = await ReceiverHost.StartAsync(Config("patrol-1", pty.GatewayPath), registry);
        await host.WaitForConnectedAsync("patrol-1");
        using var device = PtyDevice.Open(pty.DevicePath);
        var frame = TestData.Beacon(Device, 7);

        await device.WriteAsync(TestData.Concat(
            TestData.SentenceRecord(TestData.WithChecksum(TestData.Rmc)),
            TestData.ReceptionRecord(frame)));
        var uplink = await host.Ingress.NextAsync(Wait);

        Assert.NotNull(uplink.ReceiverPosition);
        Assert.Equal(25.1012345, uplink.ReceiverPosition.Value.Latitude, 6);
        Assert.Equal(105.4712345, uplink.ReceiverPosition.Value.Longitude, 6);
        var health = host.Board.Find("patrol-1");
        Assert.Equal(uplink.ReceiverPosition, health?.Position);
        Assert.NotNull(health?.PositionAt);
    }

    [Fact]
    public async Task ExecuteAsync_StatusRecord_UpdatesBoardAndWarnsOnHardwareIdMismatch()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [],
            [new Receiver { Id = "gate-1", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", RangeMetres = 90, Position = new(25.1, 105.47), HardwareId = 0x1234 }],
            []));
        await using var pty = await SocatPtyPair.StartAsync();
        await using var host = await ReceiverHost.StartAsync(Config("gate-1", pty.GatewayPath), registry);
        await host.WaitForConnectedAsync("gate-1");
        using var device = PtyDevice.Open(pty.DevicePath);

        await device.WriteAsync(TestData.StatusRecord(0x1234, ReceiverStatusFlags.Hello, uptime: 5));
        await ReceiverHost.WaitUntilAsync(() => host.Board.Find("gate-1")?.LastStatusAt is not null, Wait, "status applied");

        var health = host.Board.Find("gate-1")!;
        Assert.Equal("1.2.3", health.FirmwareVersion);
        Assert.Equal(TimeSpan.FromSeconds(5), health.Uptime);
        Assert.Equal(1000, health.RadioFramesReceived);
        Assert.Equal(7, health.RadioCrcErrors);
        Assert.Equal(2, health.RecordsDropped);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id == 226);

        await device.WriteAsync(TestData.StatusRecord(0x9999, uptime: 65));
        await ReceiverHost.WaitUntilAsync(
            () => host.Logs.Entries.Any(e => e.EventId.Id == 226 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning),
            Wait,
            "the hardware id mismatch warning");
        Assert.Equal(TimeSpan.FromSeconds(65), host.Board.Find("gate-1")?.Uptime);
    }

    internal static Dictionary<string, string?> Config(string receiverId, string path) => new()
    {
        ["Receivers:Serial:Ports:0:ReceiverId"] = receiverId,
        ["Receivers:Serial:Ports:0:Path"] = path,
    };
}
