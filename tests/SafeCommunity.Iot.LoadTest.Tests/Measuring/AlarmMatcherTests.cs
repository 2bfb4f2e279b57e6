using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Tests.Measuring;

public class AlarmMatcherTests
{
    private static readonly long Second = System.Diagnostics.Stopwatch.Frequency;

    [Fact]
    public void EventReceived_MatchesEachDevicesSosFramesInOrder()
    {
        var matcher = new AlarmMatcher();
        matcher.FrameSent(7, 0);
        matcher.FrameSent(7, 10 * Second);
        matcher.FrameSent(9, 0);

        matcher.EventReceived(Sos(7, AlarmEventType.Raised), Second / 100);
        matcher.EventReceived(Sos(9, AlarmEventType.Raised), Second / 50);
        matcher.EventReceived(Sos(7, AlarmEventType.Updated), (10 * Second) + (Second / 20));

        var result = matcher.Result();
        Assert.Equal(3, result.Sent);
        Assert.Equal(3, result.Matched);
        Assert.Equal(0, result.Missing);
        Assert.Empty(result.Unexpected);
        Assert.Equal(50, result.LatencyMs.Max, 3);
        Assert.Equal(20, result.LatencyMs.P50, 3);
    }

    [Fact]
    public void Result_CountsFramesWithNoAlarmAsMissing_AndOtherEventsAsUnexpected()
    {
        var matcher = new AlarmMatcher();
        matcher.FrameSent(7, 0);
        matcher.FrameSent(8, 0);

        matcher.EventReceived(Sos(7, AlarmEventType.Raised), Second);
        matcher.EventReceived(Sos(7, AlarmEventType.Updated), Second);
        matcher.EventReceived(Sos(8, AlarmEventType.Acknowledged), Second);
        matcher.EventReceived(new AlarmEvent { Type = AlarmEventType.Raised, Alarm = new Alarm { Kind = AlarmKind.LowBattery, DeviceId = 8 } }, Second);

        var result = matcher.Result();
        Assert.Equal(1, result.Matched);
        Assert.Equal(1, result.Missing);
        Assert.Equal(1, result.Unexpected["Sos Updated"]);
        Assert.Equal(1, result.Unexpected["Sos Acknowledged"]);
        Assert.Equal(1, result.Unexpected["LowBattery Raised"]);
    }

    private static AlarmEvent Sos(uint device, AlarmEventType type) =>
        new() { Type = type, Alarm = new Alarm { Kind = AlarmKind.Sos, DeviceId = device } };

    [Fact]
    public void EventReceived_SplitsTheLatencyAtTheTimeTheGatewayHeardTheFrame()
    {
        var origin = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        var matcher = new AlarmMatcher(0, origin);
        matcher.FrameSent(7, 0);
        matcher.FrameSent(9, 0);

        // Heard 30 ms after it was sent, received on the stream 12 ms later.
        var heard = Sos(7, AlarmEventType.Raised);
        heard.At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(origin.AddMilliseconds(30));
        matcher.EventReceived(heard, Second * 42 / 1000);

        // An event that does not say when its frame was heard counts in the whole latency only.
        matcher.EventReceived(Sos(9, AlarmEventType.Raised), Second / 100);

        var result = matcher.Result();
        Assert.Equal(2, result.LatencyMs.Count);
        Assert.Equal(1, result.ToGatewayMs.Count);
        Assert.Equal(30, result.ToGatewayMs.Max, 3);
        Assert.Equal(12, result.ThroughGatewayMs.Max, 3);
    }
}
