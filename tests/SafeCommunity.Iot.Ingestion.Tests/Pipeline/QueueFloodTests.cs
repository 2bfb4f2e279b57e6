using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// Every queue of the pipeline at its bound: with the store held, a flood fills the commit, shard and ingress lanes
/// in turn, and then the receivers' writes wait (that is what slows a broker or a serial port down). Nothing is
/// dropped: once the store answers again, every frame of the flood is accepted.
/// </summary>
public sealed class QueueFloodTests
{
    private const int Capacity = 16;
    private const int Shards = 2;
    private const int Flood = 2_000;

    [Fact]
    public async Task EveryQueueFull_WritersWait_AndOnceTheStoreAnswersEveryFrameIsAccepted()
    {
        await using var harness = new PipelineHarness(
            new IngestionOptions { Shards = Shards, IngressCapacity = Capacity, ShardCapacity = Capacity, CommitCapacity = Capacity, MaxCommitBatch = Capacity },
            extraDevices: Flood);
        using var release = new ManualResetEventSlim();
        harness.Store.FailNextCommit = () =>
        {
            release.Wait(TimeSpan.FromMinutes(1));
            return null;
        };
        await harness.StartAsync();

        var completions = new List<RecordingCompletion>();
        var writes = new List<Task>();
        for (var i = 0; i < Flood; i++)
        {
            var device = PipelineHarness.FirstExtraDevice + (uint)i;
            var completion = new RecordingCompletion();
            completions.Add(completion);
            var frame = harness.Sign(RadioFrame.Beacon(device, 1, DeviceStatusFlags.None, 80));
            writes.Add(harness.Pipeline.WriteAsync(
                new RawUplink("gate-north", PipelineHarness.Start, frame, UplinkTransport.Serial, -80, 7.5, null, completion), CancellationToken.None).AsTask());
        }

        // Both lanes of every stage, plus one batch in the held transaction: all the pipeline may hold.
        var bound = 2 * Capacity * (1 + Shards + 1) + Capacity;
        await Waiting.UntilAsync(
            () => writes.Count(w => !w.IsCompleted) >= Flood - bound, TimeSpan.FromSeconds(30), "the writers to be made to wait");
        Assert.True(harness.Pipeline.Pending <= bound, $"{harness.Pipeline.Pending} queued, more than the bounds allow ({bound})");
        Assert.All(completions.Where(c => c.Calls > 0), c => Assert.NotEqual(UplinkOutcome.NotProcessed, c.Outcome.Result));

        release.Set();
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var completion in completions)
        {
            Assert.Equal(UplinkOutcome.Accepted, await completion.Outcome.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(Flood, harness.Observer.Stored.Count);
    }
}
