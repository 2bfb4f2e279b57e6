using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// An SOS arriving behind a backlog of routine reports (the store is held, so everything queues up) is stored in a
/// transaction of its own, ahead of the backlog; the backlog is still stored in full afterwards, and a device's state
/// never goes back because its older routine report was stored after its newer alarm.
/// </summary>
public sealed class AlarmLaneTests
{
    private const uint Wristband = 0x22000001;
    private const int Backlog = 1_000;
    private const int Batch = 32;

    [Fact]
    public async Task AnSosBehindABacklog_IsStoredInATransactionOfItsOwn_AndTheBacklogAfterIt()
    {
        await using var harness = new PipelineHarness(
            new IngestionOptions { Shards = 2, MaxCommitBatch = Batch, IngressCapacity = 4096, ShardCapacity = 4096, CommitCapacity = 4096 },
            extraDevices: Backlog);
        using var held = new StoreGate(harness.Store);
        var completions = await StartWithABacklogAsync(harness, held);

        // The wristband's own routine report is in the backlog too, ahead of its SOS, already verified and waiting for
        // the store: there, and only there, the SOS overtakes it.
        completions.Add(Send(harness, Beacon(harness, Wristband, 10)));
        await Waiting.UntilAsync(() => harness.Pipeline.QueuedForCommit >= Backlog, TimeSpan.FromSeconds(30), "the backlog to wait for the store");
        var sos = Send(harness, harness.Sign(RadioFrame.AlarmEvent(Wristband, 11, DeviceStatusFlags.None, 70, AlarmEventCode.Sos)));
        completions.Add(sos);
        await Waiting.UntilAsync(() => harness.Pipeline.QueuedForCommit >= Backlog + 1, TimeSpan.FromSeconds(30), "the SOS to wait for the store");

        held.Release();
        foreach (var completion in completions)
        {
            Assert.Equal(UplinkOutcome.Accepted, await completion.Outcome.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        // Stored in order: the held first frame, then the SOS, then the backlog. The SOS may still have been on its way
        // to the commit stage when the store answered: then one routine batch goes before it, not the backlog.
        var stored = harness.Observer.Stored.ToList();
        Assert.Equal(Backlog + 2, stored.Count);
        var sosAt = stored.FindIndex(u => u.Frame.Type == FrameType.AlarmEvent);
        Assert.Equal(Wristband, stored[sosAt].Frame.DeviceId);
        Assert.InRange(sosAt, 1, 1 + Batch);
        Assert.Single(harness.Store.EventsAfter(0, 10_000), e => e.Alarm.Kind == Core.Alarms.AlarmKind.Sos);

        // Waiting at the commit stage, it did not wait for a batch of routine work to be written with it.
        Assert.Equal((1, 1), Assert.Single(harness.Store.Batches, b => b.AlarmEvents > 0));

        // The wristband's stored state is that of its latest frame, the SOS, although its report was stored later.
        var wristband = Assert.Single(harness.Store.LoadAll(), s => s.DeviceId == Wristband);
        Assert.Equal(11u, wristband.LastCounter);
    }

    [Fact]
    public async Task TheReportsJustBeforeAnSos_AreJudgedBeforeIt_WhenAllThreeWaitBehindABacklog()
    {
        // Small shard and commit queues: the backlog, and the wristband's frames behind it, wait at the pipeline's entry.
        await using var harness = new PipelineHarness(
            new IngestionOptions { Shards = 1, MaxCommitBatch = Batch, IngressCapacity = 4096, ShardCapacity = 16, CommitCapacity = 16 },
            extraDevices: Backlog);
        using var held = new StoreGate(harness.Store);
        var completions = await StartWithABacklogAsync(harness, held);

        // She walks towards the north gate, then presses SOS: all three frames queue behind the backlog.
        completions.Add(Send(harness, harness.Sign(RadioFrame.PositionReport(Wristband, 1, DeviceStatusFlags.GnssFixValid, 80, Fix(25.1003))), seconds: 10));
        completions.Add(Send(harness, harness.Sign(RadioFrame.PositionReport(Wristband, 2, DeviceStatusFlags.GnssFixValid, 80, Fix(25.1013))), seconds: 20));
        completions.Add(Send(harness, harness.Sign(RadioFrame.AlarmEvent(Wristband, 3, DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, Fix(25.1023))), seconds: 30));

        held.Release();
        foreach (var completion in completions)
        {
            Assert.Equal(UplinkOutcome.Accepted, await completion.Outcome.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        // Had the SOS overtaken her reports, they would have come late: off her trail and judged after the alarm.
        var trail = harness.Store.GetTrail(Wristband, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100);
        Assert.Equal([25.1003, 25.1013, 25.1023], trail.Select(p => Math.Round(p.Location.Point.Latitude, 4)));
        Assert.Single(harness.Store.EventsAfter(0, 10_000), e => e.Alarm.Kind == Core.Alarms.AlarmKind.Sos);
        Assert.Equal(3u, Assert.Single(harness.Store.LoadAll(), s => s.DeviceId == Wristband).LastCounter);
    }

    /// <summary>Starts the pipeline; its first frame takes the store, which stays held while the backlog queues up behind it.</summary>
    private static async Task<List<RecordingCompletion>> StartWithABacklogAsync(PipelineHarness harness, StoreGate held)
    {
        await harness.StartAsync();
        var completions = new List<RecordingCompletion> { Send(harness, Beacon(harness, PipelineHarness.FirstExtraDevice, 1)) };
        await held.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 1; i < Backlog; i++)
        {
            completions.Add(Send(harness, Beacon(harness, PipelineHarness.FirstExtraDevice + (uint)i, 1)));
        }

        return completions;
    }

    private static GeoFix Fix(double latitude) => new((int)Math.Round(latitude * 1e7), 1054690000, 5, 0);

    private static byte[] Beacon(PipelineHarness harness, uint device, uint counter) =>
        harness.Sign(RadioFrame.Beacon(device, counter, DeviceStatusFlags.None, 80));

    private static RecordingCompletion Send(PipelineHarness harness, byte[] frame, int seconds = 0)
    {
        var completion = new RecordingCompletion();
        var write = harness.Pipeline.WriteAsync(
            new RawUplink("gate-north", PipelineHarness.Start.AddSeconds(seconds), frame, UplinkTransport.Serial, -80, 7.5, null, completion), CancellationToken.None);
        Assert.True(write.IsCompletedSuccessfully, "the pipeline's queues were sized to take the whole backlog");
        return completion;
    }

    /// <summary>Holds the store's first commit until released.</summary>
    private sealed class StoreGate : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StoreGate(InMemoryStore store)
        {
            store.FailNextCommit = () =>
            {
                _entered.TrySetResult();
                _release.Wait(TimeSpan.FromMinutes(1));
                return null;
            };
        }

        public Task Entered => _entered.Task;

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }
}
