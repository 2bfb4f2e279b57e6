using Grpc.Core;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Alarms;

/// <summary>A police room's alarm stream misses nothing and repeats nothing, across disconnects and restarts.</summary>
[Collection(AlarmStreamCollection.Name)]
public sealed class WatchResumeTests
{
    private const uint Wristband = SeedDevices.Wristband;

    [Fact]
    public async Task Watch_ResumedWithItsLastSequence_GetsEveryEventOnceAcrossADisconnectAndAGatewayRestart()
    {
        using var data = new TempDirectory();
        var received = new List<long>();
        long last;
        await using (var gateway = new ApiGateway(data.Path))
        {
            var alarms = new V1.Alarms.AlarmsClient(gateway.Channel(gateway.AdminToken));
            using (var first = alarms.Watch(new WatchAlarmsRequest()))
            {
                Assert.Equal(0, (await first.ResponseStream.HeartbeatAsync()).Sequence);
                Assert.Equal(UplinkOutcome.Accepted, await gateway.SendAsync(Frames.Sos(Wristband, 1)));
                Assert.Equal(UplinkOutcome.Accepted, await gateway.SendAsync(Frames.Sos(Wristband, 2)));
                received.AddRange((await first.ResponseStream.NextEventsAsync(2)).Select(e => e.Sequence));
            }

            // Raised while the police room was away.
            await gateway.SendAsync(Frames.Sos(Wristband, 3));
            await gateway.SendAsync(Frames.Sos(Wristband, 4));

            last = received[^1];
            using (var second = alarms.Watch(new WatchAlarmsRequest { AfterSequence = last }))
            {
                received.AddRange((await second.ResponseStream.NextEventsAsync(2)).Select(e => e.Sequence));
                await gateway.SendAsync(Frames.Sos(Wristband, 5));
                var live = await second.ResponseStream.NextEventsAsync(1);
                received.AddRange(live.Select(e => e.Sequence));
                Assert.Equal(AlarmEventType.Updated, live[0].Type);
                Assert.Equal(5, live[0].Alarm.Count);
            }

            // Raised while away, then the gateway restarts.
            await gateway.SendAsync(Frames.Sos(Wristband, 6));
            last = received[^1];
        }

        await using (var restarted = new ApiGateway(data.Path))
        {
            var alarms = new V1.Alarms.AlarmsClient(restarted.Channel(restarted.AdminToken));
            await restarted.SendAsync(Frames.Sos(Wristband, 7));
            using var third = alarms.Watch(new WatchAlarmsRequest { AfterSequence = last });
            received.AddRange((await third.ResponseStream.NextEventsAsync(2)).Select(e => e.Sequence));
            await restarted.SendAsync(Frames.Sos(Wristband, 8));
            received.AddRange((await third.ResponseStream.NextEventsAsync(1)).Select(e => e.Sequence));
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L], received);
    }

    [Fact]
    public async Task Watch_SlowSubscriber_IsCutOffWithItsResumePointWhileAnotherSubscriberAndIngestionCarryOn()
    {
        const int FrameCount = 1500;
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(
            data.Path, ("Api:SubscriberBufferCapacity", "16"), ("Api:SlowSubscriberGrace", "00:02:00"));
        var alarms = new V1.Alarms.AlarmsClient(gateway.Channel(gateway.AdminToken));
        using var slow = alarms.Watch(new WatchAlarmsRequest { AfterSequence = 0 });
        using var fast = alarms.Watch(new WatchAlarmsRequest { AfterSequence = 0 });
        var fastReceived = new List<long>();

        // The slow subscriber reads nothing while every frame is sent, one after the other as a receiver would. The
        // fast one takes each alarm event before the next frame, so on a busy machine it is never the one 16 behind.
        for (var counter = 1u; counter <= FrameCount; counter++)
        {
            Assert.Equal(UplinkOutcome.Accepted, await gateway.SendAsync(Frames.Sos(Wristband, counter)));
            fastReceived.AddRange((await fast.ResponseStream.NextEventsAsync(1)).Select(e => e.Sequence));
        }

        Assert.Equal(Enumerable.Range(1, FrameCount).Select(i => (long)i), fastReceived);

        var slowReceived = new List<long>();
        var cutOff = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await slow.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (slow.ResponseStream.Current.Event is { } alarmEvent)
                {
                    slowReceived.Add(alarmEvent.Sequence);
                }
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, cutOff.StatusCode);
        var resumeAfter = long.Parse(cutOff.Trailers.GetValue("resume-after-sequence")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(slowReceived.Count < FrameCount, "the slow subscriber was cut off before the end");
        Assert.Equal(slowReceived.Count == 0 ? 0 : slowReceived[^1], resumeAfter);

        using var resumed = alarms.Watch(new WatchAlarmsRequest { AfterSequence = resumeAfter });
        slowReceived.AddRange((await resumed.ResponseStream.NextEventsAsync(FrameCount - slowReceived.Count)).Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, FrameCount).Select(i => (long)i), slowReceived);
    }

    [Fact]
    public async Task Watch_Idle_GetsHeartbeatsCarryingTheCurrentSequence()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path, ("Api:HeartbeatInterval", "00:00:01"));
        await gateway.SendAsync(Frames.Sos(Wristband, 1));
        var alarms = new V1.Alarms.AlarmsClient(gateway.Channel(gateway.AdminToken));
        using var watch = alarms.Watch(new WatchAlarmsRequest());
        Assert.Equal(1, (await watch.ResponseStream.HeartbeatAsync()).Sequence);
        Assert.Equal(1, (await watch.ResponseStream.HeartbeatAsync()).Sequence);
        Assert.Equal(1, (await watch.ResponseStream.HeartbeatAsync()).Sequence);
    }

    [Fact]
    public async Task Watch_GatewayStopping_EndsTheStreamAsUnavailableWithTheResumePoint()
    {
        using var data = new TempDirectory();
        var gateway = new ApiGateway(data.Path);
        var alarms = new V1.Alarms.AlarmsClient(gateway.Channel(gateway.AdminToken));
        using var watch = alarms.Watch(new WatchAlarmsRequest { AfterSequence = 0 });
        await gateway.SendAsync(Frames.Sos(Wristband, 1));
        Assert.Single(await watch.ResponseStream.NextEventsAsync(1));

        var stopping = gateway.DisposeAsync().AsTask();
        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.NextEventsAsync(1));
        await stopping;
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Equal("1", ended.Trailers.GetValue("resume-after-sequence"));
    }

    [Fact]
    public async Task Watch_WithAFilter_ReplaysAndStreamsOnlyMatchingAlarmsAndRejectsAnUnknownKind()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        await gateway.SendAsync(Frames.Sos(Wristband, 1));
        await gateway.SendAsync(Frames.Sos(SeedDevices.Wristband + 1, 1));
        var alarms = new V1.Alarms.AlarmsClient(gateway.Channel(gateway.AdminToken));
        using var watch = alarms.Watch(new WatchAlarmsRequest
        {
            AfterSequence = 0,
            Filter = new AlarmFilter { DeviceIds = { SeedDevices.Wristband + 1 } },
        });
        var replayed = await watch.ResponseStream.NextEventsAsync(1);
        Assert.Equal(SeedDevices.Wristband + 1, replayed[0].Alarm.DeviceId);
        await gateway.SendAsync(Frames.Sos(Wristband, 2));
        await gateway.SendAsync(Frames.Sos(SeedDevices.Wristband + 1, 2));
        var live = await watch.ResponseStream.NextEventsAsync(1);
        Assert.Equal(4, live[0].Sequence);

        using var bad = alarms.Watch(new WatchAlarmsRequest { Filter = new AlarmFilter { Kinds = { (AlarmKind)99 } } });
        var error = await Assert.ThrowsAsync<RpcException>(() => bad.ResponseStream.NextEventsAsync(1));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("filter.kinds", error.Status.Detail, StringComparison.Ordinal);
    }
}
