using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Downlinks;

public sealed class DownlinkSenderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private static readonly uint NowCounter = (uint)(Now - new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds;

    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakePublisher _publisher = new();
    private readonly DeviceRegistry _registry = TestDevices.CreateRegistry();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private PendingDownlinks _pending = null!;

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task SendAsync_ChirpStack_PublishesTheSignedFrameOnTheDevicesTopic()
    {
        var sender = CreateSender(new LoRaWanOptions { ApplicationId = "17c82e96-be03-4f38-aef3-f83d48582d97", DownlinkFPort = 12 });

        var sending = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.SetReportInterval, 300, TimeSpan.FromMinutes(5), CancellationToken.None);
        var (topic, body) = await _publisher.WaitForAsync();

        Assert.Equal("application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/command/down", topic);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["devEui", "confirmed", "fPort", "data"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0101010101010101", json.RootElement.GetProperty("devEui").GetString());
        Assert.Equal(12, json.RootElement.GetProperty("fPort").GetInt32());
        var frame = Decode(json.RootElement.GetProperty("data").GetString()!);
        Assert.Equal(RadioFrame.DownlinkCommand(TestDevices.ChirpStackChip, NowCounter, DownlinkCommandCode.SetReportInterval, 300), frame with { Mic = 0 });
        Assert.False(sending.IsCompleted);
    }

    [Theory]
    [InlineData("ttn", "v3/app1@ttn/devices/dev1/down/push")]
    [InlineData(null, "v3/app1/devices/dev1/down/push")]
    public async Task SendAsync_TheThingsStack_PublishesOnTheDeviceIdsDownPushTopic(string? tenant, string expectedTopic)
    {
        var sender = CreateSender(new LoRaWanOptions { NetworkServer = NetworkServerKind.TheThingsStack, ApplicationId = "app1", TenantId = tenant });

        _ = sender.SendAsync(TestDevices.TtsWristband, DownlinkCommandCode.LocateNow, 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        var (topic, body) = await _publisher.WaitForAsync();

        Assert.Equal(expectedTopic, topic);
        using var json = JsonDocument.Parse(body);
        var downlink = Assert.Single(json.RootElement.GetProperty("downlinks").EnumerateArray());
        Assert.Equal(10, downlink.GetProperty("f_port").GetInt32());
        Assert.Equal("NORMAL", downlink.GetProperty("priority").GetString());
        var frame = Decode(downlink.GetProperty("frm_payload").GetString()!);
        Assert.Equal(DownlinkCommandCode.LocateNow, frame.Command);
        Assert.Equal(TestDevices.TtsWristband, frame.DeviceId);
    }

    [Fact]
    public async Task SendAsync_TheThingsStackDeviceWithOnlyADevEui_UsesTheConsolesDefaultDeviceId()
    {
        _registry.Apply(new RegistryContents([], [], [Device(0x44000001) with { DevEui = "70b3d57ed0000001" }]));
        var sender = CreateSender(new LoRaWanOptions { NetworkServer = NetworkServerKind.TheThingsStack, ApplicationId = "app1" });

        _ = sender.SendAsync(0x44000001, DownlinkCommandCode.Arm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal("v3/app1/devices/eui-70b3d57ed0000001/down/push", (await _publisher.WaitForAsync()).Topic);
    }

    [Fact]
    public async Task Acknowledgement_CompletesTheCommandWithTheDevicesResult()
    {
        var sender = CreateSender();
        var sending = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        await _publisher.WaitForAsync();

        _pending.OnStored(Ack(TestDevices.ChirpStackChip, NowCounter - 1, DownlinkCommandCode.Arm, CommandResult.Done));
        _pending.OnStored(Ack(TestDevices.TtsWristband, NowCounter, DownlinkCommandCode.Arm, CommandResult.Done));
        _pending.OnStored(Ack(TestDevices.ChirpStackChip, NowCounter, DownlinkCommandCode.Arm, CommandResult.Failed, duplicate: true));
        Assert.False(sending.IsCompleted);
        _pending.OnStored(Ack(TestDevices.ChirpStackChip, NowCounter, DownlinkCommandCode.Arm, CommandResult.InvalidArgument));

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new DownlinkResult(DownlinkStatus.Acknowledged, TestDevices.ChirpStackChip, NowCounter, CommandResult.InvalidArgument, null), result);
        Assert.False(result.IsDone);
        Assert.Equal(0, sender.PendingCount);
    }

    [Fact]
    public async Task NoAcknowledgement_TimesOut()
    {
        var sender = CreateSender();
        var sending = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Disarm, 0, TimeSpan.FromSeconds(30), CancellationToken.None);
        await _publisher.WaitForAsync();

        _time.Advance(TimeSpan.FromSeconds(31));
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DownlinkStatus.TimedOut, result.Status);
        Assert.Equal(NowCounter, result.Counter);
        Assert.Equal(0, sender.PendingCount);
    }

    [Fact]
    public async Task TwoCommandsInOneSecond_GetIncreasingCounters_TheSecondWaitsForTheNextSecond()
    {
        var sender = CreateSender();
        _ = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        var first = Decode(BodyData((await _publisher.WaitForAsync()).Body));

        var second = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Disarm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        var other = sender.SendAsync(TestDevices.TtsWristband, DownlinkCommandCode.Disarm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        var otherDevice = Decode(BodyData((await _publisher.WaitForAsync()).Body));
        Assert.Equal(NowCounter, otherDevice.Counter);
        Assert.True(_publisher.Published.IsEmpty);

        _time.Advance(TimeSpan.FromSeconds(1));
        var next = Decode(BodyData((await _publisher.WaitForAsync()).Body));

        Assert.Equal(NowCounter, first.Counter);
        Assert.Equal(NowCounter + 1, next.Counter);
        Assert.Equal(DownlinkCommandCode.Disarm, next.Command);
        Assert.False(second.IsCompleted);
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task Refusals_SayWhyAndSendNothing()
    {
        _registry.Apply(new RegistryContents([], [], [Device(0x55000001)]));
        var sender = CreateSender();

        var unknown = await sender.SendAsync(0x7777, DownlinkCommandCode.Arm, 0, TimeSpan.FromSeconds(1), CancellationToken.None);
        var serialOnly = await sender.SendAsync(0x55000001, DownlinkCommandCode.Arm, 0, TimeSpan.FromSeconds(1), CancellationToken.None);
        var badArgument = await sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.SoundBuzzer, 121, TimeSpan.FromSeconds(1), CancellationToken.None);
        var badCommand = await sender.SendAsync(TestDevices.ChirpStackChip, (DownlinkCommandCode)9, 0, TimeSpan.FromSeconds(1), CancellationToken.None);
        var notConfigured = await CreateSender(new LoRaWanOptions()).SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(DownlinkStatus.UnknownDevice, unknown.Status);
        Assert.Equal(DownlinkStatus.NotAddressable, serialOnly.Status);
        Assert.Contains("no DevEUI", serialOnly.Error, StringComparison.Ordinal);
        Assert.Equal(DownlinkStatus.InvalidCommand, badArgument.Status);
        Assert.Equal(DownlinkStatus.InvalidCommand, badCommand.Status);
        Assert.Equal(DownlinkStatus.NotConfigured, notConfigured.Status);
        Assert.Contains("ApplicationId", notConfigured.Error, StringComparison.Ordinal);
        Assert.All([unknown, serialOnly, badArgument, badCommand, notConfigured], r => Assert.Null(r.Counter));
        Assert.True(_publisher.Published.IsEmpty);
    }

    [Fact]
    public async Task NotConnected_IsReported_AndNothingStaysPending()
    {
        _publisher.Error = "not connected to the MQTT broker mqtt:127.0.0.1:1883";
        var sender = CreateSender();

        var result = await sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(DownlinkStatus.NotConnected, result.Status);
        Assert.Equal(_publisher.Error, result.Error);
        Assert.Equal(0, sender.PendingCount);
    }

    [Fact]
    public async Task PendingCommands_AreBounded()
    {
        var sender = CreateSender(new LoRaWanOptions { ApplicationId = "app", MaxPendingDownlinks = 1 });
        _ = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);
        await _publisher.WaitForAsync();

        var refused = await sender.SendAsync(TestDevices.TtsWristband, DownlinkCommandCode.Arm, 0, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(DownlinkStatus.TooManyPending, refused.Status);
        Assert.Equal(1, sender.PendingCount);
    }

    [Fact]
    public async Task Cancellation_RemovesThePendingCommand()
    {
        using var cancel = new CancellationTokenSource();
        var sender = CreateSender();
        var sending = sender.SendAsync(TestDevices.ChirpStackChip, DownlinkCommandCode.Arm, 0, TimeSpan.FromMinutes(5), cancel.Token);
        await _publisher.WaitForAsync();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(0, sender.PendingCount);
    }

    private static RadioFrame Decode(string base64)
    {
        Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(Convert.FromBase64String(base64), out var frame));
        return frame;
    }

    private static string BodyData(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetString()!;
    }

    private static Device Device(uint id) => new()
    {
        Id = id,
        Kind = DeviceKind.EbikeChip,
        Key = DeviceKey.FromBytes(TestDevices.KeyOf(id)),
        DisplayName = "chip",
        CommunityId = "wufu",
        Owner = "owner",
    };

    private AcceptedUplink Ack(uint deviceId, uint ackedCounter, DownlinkCommandCode command, CommandResult result, bool duplicate = false)
    {
        _registry.TryGetDevice(deviceId, out var device);
        var frame = RadioFrame.CommandAck(deviceId, 1000, DeviceStatusFlags.None, 70, ackedCounter, command, result);
        return new AcceptedUplink(device, frame, [new Reception("gw", Now, -50, 5, null, UplinkTransport.LoRaWan)], null, duplicate);
    }

    private DownlinkSender CreateSender(LoRaWanOptions? options = null)
    {
        var settings = Options.Create(options ?? new LoRaWanOptions { ApplicationId = "17c82e96-be03-4f38-aef3-f83d48582d97" });
        _pending = new PendingDownlinks(settings, NullLogger<PendingDownlinks>.Instance);
        return new DownlinkSender(
            settings,
            _registry,
            _publisher,
            _pending,
            new LoRaWanMetrics(_services.GetRequiredService<IMeterFactory>()),
            _time,
            NullLogger<DownlinkSender>.Instance);
    }

    private sealed class FakePublisher : ILoRaWanPublisher
    {
        public ConcurrentQueue<(string Topic, byte[] Body)> Published { get; } = new();

        public string? Error { get; set; }

        public Task<string?> PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            if (Error is null)
            {
                Published.Enqueue((topic, payload.ToArray()));
            }

            return Task.FromResult(Error);
        }

        public async Task<(string Topic, byte[] Body)> WaitForAsync()
        {
            (string, byte[]) message = default;
            await Eventually.TrueAsync(() => Published.TryDequeue(out message), TimeSpan.FromSeconds(30), "a published downlink");
            return message;
        }
    }
}
