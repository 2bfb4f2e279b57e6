using MQTTnet;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Broker;

/// <summary><see cref="LoRaWanBroker.CarriesAlarm"/>: which publishes pass a full backlog.</summary>
public sealed class LoRaWanBrokerAlarmCheckTests
{
    private static readonly byte AlarmHeader = (RadioFrameLayout.Version << 4) | (int)FrameType.AlarmEvent;
    private static readonly byte PositionHeader = (RadioFrameLayout.Version << 4) | (int)FrameType.PositionReport;

    [Fact]
    public void CarriesAlarm_ChirpStackAlarmEvent_IsTrue()
    {
        Assert.True(LoRaWanBroker.CarriesAlarm(ChirpStack(Frame(AlarmHeader))));
    }

    [Fact]
    public void CarriesAlarm_TheThingsStackAlarmEvent_IsTrue()
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Samples.TheThingsStackTopic)
            .WithPayload(UplinkMessages.TheThingsStack("dev1", "0004a30b001c0530", Frame(AlarmHeader)))
            .Build();

        Assert.True(LoRaWanBroker.CarriesAlarm(message));
    }

    [Fact]
    public void CarriesAlarm_PositionReport_IsFalse()
    {
        Assert.False(LoRaWanBroker.CarriesAlarm(ChirpStack(Frame(PositionHeader))));
    }

    [Fact]
    public void CarriesAlarm_AlarmFrameOnAnotherEventTopic_IsFalse()
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic("application/app/device/0101010101010101/event/join")
            .WithPayload(UplinkMessages.ChirpStackV4("0101010101010101", Frame(AlarmHeader), ("0016c001f153a14c", -80, 5, false)))
            .Build();

        Assert.False(LoRaWanBroker.CarriesAlarm(message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"data":"qg="}""")]
    public void CarriesAlarm_NoReadableFrame_IsFalse(string payload)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(Samples.ChirpStackV4Topic).WithPayload(payload).Build();

        Assert.False(LoRaWanBroker.CarriesAlarm(message));
    }

    private static MqttApplicationMessage ChirpStack(byte[] frame) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(Samples.ChirpStackV4Topic)
            .WithPayload(UplinkMessages.ChirpStackV4("0101010101010101", frame, ("0016c001f153a14c", -80, 5, false)))
            .Build();

    private static byte[] Frame(byte header)
    {
        var frame = new byte[26];
        frame[0] = header;
        return frame;
    }
}
