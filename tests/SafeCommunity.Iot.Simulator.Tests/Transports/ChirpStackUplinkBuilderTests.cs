using System.Text.Json;
using System.Text.RegularExpressions;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Transports;
using SafeCommunity.Iot.Simulator.Tests.Support;

namespace SafeCommunity.Iot.Simulator.Tests.Transports;

public sealed partial class ChirpStackUplinkBuilderTests
{
    private static (List<Transmission> Frames, List<ChirpStackMessage> Messages) Build()
    {
        using var fleet = TestFleet.Create();
        var frames = fleet.AdvanceTo(TimeSpan.FromSeconds(90)).OfType<Transmission>().Where(t => t.IsLoRaWan && t.Receptions.Count > 0).ToList();
        var builder = new ChirpStackUplinkBuilder(7);
        return (frames, [.. frames.Select(f => builder.Build(f)!)]);
    }

    [Fact]
    public void Build_WritesTheChirpStackV4UplinkFormat()
    {
        var (frames, messages) = Build();
        var gateways = TestFleet.Seed.Receivers.Where(r => r.Kind == ReceiverKind.LoRaWanGateway).ToDictionary(r => r.Id);

        Assert.True(messages.Count > 100);
        for (var i = 0; i < messages.Count; i++)
        {
            var (frame, message) = (frames[i], messages[i]);
            Assert.Matches(TopicPattern(), message.Topic);
            Assert.Equal($"application/{ChirpStackUplinkBuilder.ApplicationId:D}/device/{frame.Device.DevEui}/event/up", message.Topic);

            using var json = JsonDocument.Parse(message.Payload);
            var root = json.RootElement;
            Assert.True(Guid.TryParse(root.GetProperty("deduplicationId").GetString(), out _));
            Assert.Matches(TimePattern(), root.GetProperty("time").GetString());
            var deviceInfo = root.GetProperty("deviceInfo");
            Assert.Equal(frame.Device.DevEui, deviceInfo.GetProperty("devEui").GetString());
            Assert.Equal(ChirpStackUplinkBuilder.ApplicationId.ToString("D"), deviceInfo.GetProperty("applicationId").GetString());
            Assert.True(Guid.TryParse(deviceInfo.GetProperty("tenantId").GetString(), out _));
            Assert.Equal(frame.Device.DisplayName, deviceInfo.GetProperty("deviceName").GetString());
            Assert.Equal(message.FCnt, root.GetProperty("fCnt").GetUInt32());
            Assert.Equal(ChirpStackUplinkBuilder.FPort, root.GetProperty("fPort").GetInt32());
            Assert.Equal(frame.Bytes, Convert.FromBase64String(root.GetProperty("data").GetString()!));
            Assert.Matches("^[0-9a-f]{8}$", root.GetProperty("devAddr").GetString());

            var rxInfo = root.GetProperty("rxInfo").EnumerateArray().ToList();
            Assert.Equal(frame.Receptions.Count, rxInfo.Count);
            foreach (var rx in rxInfo)
            {
                var gateway = gateways[rx.GetProperty("gatewayId").GetString()!];
                var heard = frame.Receptions.Single(r => r.Receiver.Id == gateway.Id);
                Assert.Equal(heard.RssiDbm, rx.GetProperty("rssi").GetInt32());
                Assert.Equal(heard.SnrDb, rx.GetProperty("snr").GetDouble());
                Assert.Equal(gateway.Position!.Value.Latitude, rx.GetProperty("location").GetProperty("latitude").GetDouble());
                Assert.Equal(gateway.Position!.Value.Longitude, rx.GetProperty("location").GetProperty("longitude").GetDouble());
                Assert.Matches(TimePattern(), rx.GetProperty("nsTime").GetString());
            }

            var lora = root.GetProperty("txInfo").GetProperty("modulation").GetProperty("lora");
            Assert.InRange(lora.GetProperty("spreadingFactor").GetInt32(), 7, 12);
            Assert.InRange(root.GetProperty("txInfo").GetProperty("frequency").GetInt64(), 470_000_000, 510_000_000);
        }
    }

    [Fact]
    public void Build_FrameCountersIncreasePerDevice()
    {
        var (_, messages) = Build();

        foreach (var device in messages.GroupBy(m => m.DevEui))
        {
            var counters = device.Select(m => m.FCnt).ToList();
            Assert.Equal(counters.Order(), counters);
            Assert.Equal(counters.Count, counters.Distinct().Count());
        }
    }

    [Fact]
    public void Build_ParsesWithTheGatewaysLoRaWanParser()
    {
        var (frames, messages) = Build();

        for (var i = 0; i < messages.Count; i++)
        {
            var result = LoRaWanMessageParser.Parse(messages[i].Topic, messages[i].Payload);

            Assert.True(result.IsUplink, result.Detail);
            Assert.Equal(NetworkServerFormat.ChirpStackV4, result.Uplink.Format);
            Assert.Equal(frames[i].Device.DevEui, result.Uplink.DevEui);
            Assert.Equal(frames[i].Bytes, result.Uplink.Payload.ToArray());
            Assert.Equal(messages[i].FCnt, result.Uplink.FCnt);
            Assert.NotNull(result.Uplink.NetworkTime);
            Assert.True((DateTimeOffset.UtcNow - result.Uplink.NetworkTime.Value).Duration() < TimeSpan.FromMinutes(1));
            Assert.Equal(frames[i].Receptions.Select(r => r.Receiver.Id), result.Uplink.Receptions.Select(r => r.GatewayId));
            Assert.All(result.Uplink.Receptions, r => Assert.NotNull(r.Location));
        }
    }

    [Fact]
    public void Build_NotLoRaWanOrUnheard_GivesNothing()
    {
        using var fleet = TestFleet.Create();
        var frames = fleet.AdvanceTo(TimeSpan.FromSeconds(60)).OfType<Transmission>().ToList();
        var builder = new ChirpStackUplinkBuilder(1);

        Assert.All(frames.Where(t => !t.IsLoRaWan), t => Assert.Null(builder.Build(t)));
    }

    [Fact]
    public void FormatTime_WritesNineFractionalDigitsAndAnOffset()
    {
        var time = new DateTimeOffset(2022, 7, 18, 9, 34, 15, TimeSpan.Zero).AddTicks(7750232);

        Assert.Equal("2022-07-18T09:34:15.775023242+00:00", ChirpStackUplinkBuilder.FormatTime(time, 42));
    }

    [GeneratedRegex("^application/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/device/[0-9a-f]{16}/event/up$")]
    private static partial Regex TopicPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+00:00$")]
    private static partial Regex TimePattern();
}
