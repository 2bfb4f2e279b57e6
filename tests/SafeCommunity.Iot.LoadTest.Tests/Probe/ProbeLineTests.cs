using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.LoadTest.Probe;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Tests.Probe;

public class ProbeLineTests
{
    [Fact]
    public void Sos_RoundTrips()
    {
        var message = new ChirpStackMessage("application/app/device/0004a30b001c0530/event/up", [1, 2, 250, 0, 7], "0004a30b001c0530", 9);

        Assert.True(ProbeLine.TryReadSos(ProbeLine.Sos(570425345, message), out var device, out var read));

        Assert.Equal(570425345u, device);
        Assert.Equal(message.Topic, read.Topic);
        Assert.Equal(message.Payload, read.Payload);
        Assert.Equal(message.DevEui, read.DevEui);
        Assert.Equal(message.FCnt, read.FCnt);
    }

    [Fact]
    public void SentEventAndResumes_RoundTrip()
    {
        var alarmEvent = new AlarmEvent { Sequence = 12, Type = AlarmEventType.Raised, Alarm = new Alarm { Kind = AlarmKind.Sos, DeviceId = 42 } };

        Assert.True(ProbeLine.TryReadSent(ProbeLine.Sent(42, 123_456_789_012), out var device, out var sentAt));
        Assert.True(ProbeLine.TryReadEvent(ProbeLine.Event(alarmEvent, 987_654_321), out var read, out var receivedAt));
        Assert.True(ProbeLine.TryReadResumes(ProbeLine.Resumes(3), out var resumes));

        Assert.Equal((42u, 123_456_789_012L), (device, sentAt));
        Assert.Equal(alarmEvent, read);
        Assert.Equal(987_654_321, receivedAt);
        Assert.Equal(3, resumes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sos 1 abc 1 ###")]
    [InlineData("sos x 0004a30b001c0530 1 YQ== AQ==")]
    [InlineData("sos 1 0004a30b001c0530 1 YQ==")]
    [InlineData("sent 1")]
    [InlineData("sent -1 5")]
    [InlineData("event 5 notbase64!")]
    [InlineData("event 5 /////w==")]
    [InlineData("resumes many")]
    [InlineData("ready now")]
    public void UnreadableLines_AreRefused(string line)
    {
        Assert.False(ProbeLine.TryReadSos(line, out _, out _));
        Assert.False(ProbeLine.TryReadSent(line, out _, out _));
        Assert.False(ProbeLine.TryReadEvent(line, out _, out _));
        Assert.False(ProbeLine.TryReadResumes(line, out _));
    }
}
