using System.Buffers;
using System.Text;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Tests.Measuring;

public class MqttAlarmWatchTests
{
    [Theory]
    [InlineData("""{"kind":"sos","event":"raised","device":570425345,"counter":7}""", AlarmKind.Sos, AlarmEventType.Raised, 570425345u)]
    [InlineData("""{"kind":"sos","device":"42"}""", AlarmKind.Sos, AlarmEventType.Raised, 42u)]
    [InlineData("""{"kind":"left-safe-zone","event":"updated","device":9}""", AlarmKind.LeftSafeZone, AlarmEventType.Updated, 9u)]
    [InlineData("""{"kind":"wristband-removed","device":4000000000}""", AlarmKind.WristbandRemoved, AlarmEventType.Raised, 4000000000u)]
    public void Parse_ReadsKindEventAndDevice(string json, AlarmKind kind, AlarmEventType type, uint device)
    {
        var parsed = MqttAlarmWatch.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(type, parsed.Type);
        Assert.Equal(kind, parsed.Alarm.Kind);
        Assert.Equal(device, parsed.Alarm.DeviceId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"device":1}""")]
    [InlineData("""{"kind":"sos"}""")]
    [InlineData("""{"kind":"sos","device":0}""")]
    [InlineData("""{"kind":"sos","device":-1}""")]
    [InlineData("""{"kind":"no-such-kind","device":1}""")]
    [InlineData("""{"kind":"unspecified","device":1}""")]
    [InlineData("""{"kind":"1","device":1}""")]
    [InlineData("""{"kind":"sos,fall","device":1}""")]
    [InlineData("""{"kind":"sos","event":"exploded","device":1}""")]
    [InlineData("""{"kind":"sos","event":3,"device":1}""")]
    public void Parse_AnUnreadableMessage_IsAnEventWithNoAlarm(string json)
    {
        var parsed = MqttAlarmWatch.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

        Assert.Null(parsed.Alarm);
        Assert.Equal(AlarmEventType.Unspecified, parsed.Type);
    }

    [Fact]
    public void ParsedEvents_AreMatchedLikeTheGrpcStreamsEvents()
    {
        var matcher = new AlarmMatcher();
        matcher.FrameSent(42, 0);
        static ReadOnlySequence<byte> Bytes(string json) => new(Encoding.UTF8.GetBytes(json));

        matcher.EventReceived(MqttAlarmWatch.Parse(Bytes("""{"kind":"sos","device":42}""")), System.Diagnostics.Stopwatch.Frequency / 100);
        matcher.EventReceived(MqttAlarmWatch.Parse(Bytes("""{"kind":"left-safe-zone","device":42}""")), 0);
        matcher.EventReceived(MqttAlarmWatch.Parse(Bytes("garbage")), 0);

        var result = matcher.Result();
        Assert.Equal(1, result.Matched);
        Assert.Equal(10, result.LatencyMs.P50, 3);
        Assert.Equal(1, result.Unexpected["LeftSafeZone Raised"]);
        Assert.Equal(1, result.Unexpected["Unspecified Unspecified"]);
    }
}
