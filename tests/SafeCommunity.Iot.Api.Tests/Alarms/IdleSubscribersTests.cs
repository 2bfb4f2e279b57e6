using Grpc.Core;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Alarms;

/// <summary>A thousand police-room terminals left open on the alarm stream cost ingestion and the other streams nothing.</summary>
[Collection(AlarmStreamCollection.Name)]
public sealed class IdleSubscribersTests(ITestOutputHelper output)
{
    private const int IdleSubscribers = 1000;
    private const int Burst = 300;

    [Fact]
    public async Task Watch_AThousandIdleSubscribers_IngestionTakesEveryFrameOfABurstAndEveryStreamGetsEveryEvent()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var alarms = new V1.Alarms.AlarmsClient(gateway.Channel(gateway.AdminToken));

        // Each idle stream is open (its first heartbeat arrived) and then left alone: nobody reads it during the burst.
        var idle = new List<AsyncServerStreamingCall<WatchAlarmsResponse>>(IdleSubscribers);
        try
        {
            for (var opened = 0; opened < IdleSubscribers; opened += 100)
            {
                var batch = Enumerable.Range(0, 100).Select(_ => alarms.Watch(new WatchAlarmsRequest())).ToList();
                idle.AddRange(batch);
                await Task.WhenAll(batch.Select(call => call.ResponseStream.HeartbeatAsync()));
            }

            using var active = alarms.Watch(new WatchAlarmsRequest());
            await active.ResponseStream.HeartbeatAsync();
            var reading = active.ResponseStream.NextEventsAsync(Burst, TimeSpan.FromSeconds(120));
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

            for (var counter = 1u; counter <= Burst; counter++)
            {
                Assert.Equal(UplinkOutcome.Accepted, await gateway.SendAsync(Frames.Sos(SeedDevices.Wristband, counter)));
            }

            Assert.Equal(Enumerable.Range(1, Burst).Select(i => (long)i), (await reading).Select(e => e.Sequence));
            output.WriteLine($"{IdleSubscribers} idle streams; managed heap before the burst {memoryBefore / 1024 / 1024} MiB, after {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024} MiB (client and server in one process)");

            // The idle streams were not dropped: read now, every fiftieth has the whole burst waiting, in order.
            foreach (var call in idle.Where((_, i) => i % 50 == 0))
            {
                Assert.Equal(Enumerable.Range(1, Burst).Select(i => (long)i), (await call.ResponseStream.NextEventsAsync(Burst)).Select(e => e.Sequence));
            }
        }
        finally
        {
            foreach (var call in idle)
            {
                call.Dispose();
            }
        }
    }
}
