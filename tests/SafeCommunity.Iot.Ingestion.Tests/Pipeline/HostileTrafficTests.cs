using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Pipeline;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// Floods of frames an attacker with a radio could send, through the real pipeline: none is accepted, the
/// pipeline's memory for them stays bounded, they cost a few log lines however many there are, and a known device
/// being forged or replayed raises a security alarm. (Single forged, replayed and rolled-back frames are in
/// <see cref="UplinkPipelineTests"/>; the alarm for forged MICs is in AlarmScenarioTests.)
/// </summary>
public sealed class HostileTrafficTests
{
    private const int UnknownIdFlood = 200_000;
    private static readonly string[] FloodReceivers = ["gate-north", "gate-south", "pole-east"];

    [Fact]
    public async Task FloodOfFramesFromUnknownIds_IsRejectedWithoutStateKeysOrALogLineEach()
    {
        var logs = new CapturingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var harness = new PipelineHarness(new IngestionOptions { Shards = 2 }, logger: factory.CreateLogger<UplinkPipeline>());
        await harness.StartAsync();
        using var forger = new AesCmac(new byte[16]);
        var completions = new CountingCompletion(UnknownIdFlood);

        // Well-formed frames with fresh ids nobody enrolled (so their MIC cannot be checked), from three receivers.
        var random = new Random(20261129);
        for (var i = 0; i < UnknownIdFlood; i++)
        {
            var id = 0x70000000u + (uint)random.Next(0x0FFFFFFF);
            var frame = RadioFrameWriter.ToArray(RadioFrame.Beacon(id, (uint)i, DeviceStatusFlags.Armed, 50), forger);
            await harness.Pipeline.WriteAsync(
                new RawUplink(FloodReceivers[i % 3], PipelineHarness.Start, frame, UplinkTransport.Serial, -90, 5, null, completions),
                CancellationToken.None);
        }

        await completions.All.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(UnknownIdFlood, completions.Count(UplinkOutcome.UnknownDevice));
        Assert.Equal(0, harness.Pipeline.TrackedDevices);
        Assert.Equal(0, harness.Pipeline.PreparedKeys);
        Assert.Empty(harness.Store.LoadAll());
        Assert.Empty(harness.Observer.Stored);
        Assert.Equal(UnknownIdFlood, FloodReceivers.Sum(r => harness.Statistics.Find(r)!.UnknownDevices));

        // The pipeline's clock does not move during the flood: one line per receiver and reason, the rest counted.
        var unknownDeviceLines = logs.Records.Count(r => r.EventId.Id == 4);
        Assert.Equal(FloodReceivers.Length, unknownDeviceLines);
    }

    [Fact]
    public async Task ForgedFramesForManyEnrolledDevices_KeepTheKeyCacheAtItsSizeAndChangeNothing()
    {
        const int Devices = 2_000;
        const int CacheSize = 16;
        var logs = new CapturingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var harness = new PipelineHarness(
            new IngestionOptions { Shards = 2, KeyCacheSize = CacheSize }, logger: factory.CreateLogger<UplinkPipeline>(), extraDevices: Devices);
        await harness.StartAsync();
        using var forger = new AesCmac(new byte[16]);
        var completions = new CountingCompletion(Devices * 3);

        // Three rounds over every device: each frame forces a key to be prepared, so the cache turns over constantly.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Devices; i++)
            {
                var frame = RadioFrameWriter.ToArray(
                    RadioFrame.Beacon(PipelineHarness.FirstExtraDevice + (uint)i, (uint)(10 + round), DeviceStatusFlags.None, 50), forger);
                await harness.Pipeline.WriteAsync(
                    new RawUplink("gate-north", PipelineHarness.Start + TimeSpan.FromSeconds(round), frame, UplinkTransport.Serial, -90, 5, null, completions),
                    CancellationToken.None);
            }
        }

        await completions.All.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Devices * 3, completions.Count(UplinkOutcome.BadMic));
        Assert.InRange(harness.Pipeline.PreparedKeys, 1, 2 * CacheSize);
        Assert.InRange(harness.Pipeline.TrackedDevices, 0, Devices);
        Assert.Empty(harness.Store.LoadAll());
        Assert.Empty(harness.Observer.Stored);
        Assert.Equal(1, logs.Records.Count(r => r.EventId.Id == 5));
    }

    [Fact]
    public async Task ReplaysOfACapturedFrame_AreRejectedAndRaiseOneSecurityAlarm()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        const uint Wristband = 0x22000001;
        var captured = harness.Sign(RadioFrame.AlarmEvent(Wristband, 40, DeviceStatusFlags.Sos, 70, AlarmEventCode.Sos));
        Assert.Equal(UplinkOutcome.Accepted, await harness.SendAsync(captured));
        Assert.Equal(UplinkOutcome.Accepted, await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 41, DeviceStatusFlags.None, 70)), at: TimeSpan.FromSeconds(30)));

        // Someone replays the recorded SOS every minute, and tries counters the device has long passed.
        var outcomes = new List<UplinkOutcome>();
        for (var i = 1; i <= 5; i++)
        {
            outcomes.Add(await harness.SendAsync(captured, at: TimeSpan.FromMinutes(i)));
        }

        outcomes.Add(await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 3, DeviceStatusFlags.None, 70)), at: TimeSpan.FromMinutes(6)));

        Assert.All(outcomes, o => Assert.Equal(UplinkOutcome.Replay, o));
        var events = harness.Store.EventsAfter(0, 100);
        Assert.Equal([AlarmKind.Sos, AlarmKind.Security], events.Select(e => e.Alarm.Kind));
        Assert.Contains("used counter", events[1].Alarm.Detail, StringComparison.Ordinal);
        Assert.Equal(41u, harness.Store.Find(Wristband)!.LastCounter);
    }

    /// <summary>Counts outcomes of many uplinks and completes when all are in.</summary>
    private sealed class CountingCompletion(int expected) : IUplinkCompletion
    {
        private readonly int[] _counts = new int[Enum.GetValues<UplinkOutcome>().Length + 1];
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _completed;

        public Task All => _all.Task;

        public int Count(UplinkOutcome outcome) => Volatile.Read(ref _counts[(int)outcome]);

        public void Complete(UplinkOutcome outcome)
        {
            Interlocked.Increment(ref _counts[(int)outcome]);
            if (Interlocked.Increment(ref _completed) == expected)
            {
                _all.SetResult();
            }
        }
    }
}
