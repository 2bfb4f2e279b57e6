using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

public sealed class UplinkPipelineTests
{
    private const uint Chip = 0x11000001;
    private const uint Wristband = 0x22000001;

    private static RadioFrame Beacon(uint counter, DeviceStatusFlags flags = DeviceStatusFlags.Armed, byte battery = 90) =>
        RadioFrame.Beacon(Chip, counter, flags, battery);

    private static RadioFrame Report(uint counter, double lat = 25.1012, double lon = 105.4695) =>
        RadioFrame.PositionReport(Wristband, counter, DeviceStatusFlags.GnssFixValid, 64, GeoFix.FromDegrees(lat, lon, 6, 2));

    [Fact]
    public async Task ValidFrame_ChangesAndStoresTheDeviceState()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();

        var outcome = await harness.SendAsync(harness.Sign(Report(10)));

        Assert.Equal(UplinkOutcome.Accepted, outcome);
        var state = harness.Store.Find(Wristband);
        Assert.NotNull(state);
        Assert.Equal(10u, state.LastCounter);
        Assert.Equal(64, state.Battery);
        Assert.Equal(DeviceStatusFlags.GnssFixValid, state.Flags);
        Assert.Equal("gate-north", state.LastReceiverId);
        Assert.Equal(LocationSource.Gnss, state.LastLocation!.Value.Source);
        Assert.Equal(25.1012, state.LastLocation.Value.Point.Latitude, 6);
        Assert.Equal(PipelineHarness.Start - TimeSpan.FromSeconds(2), state.LastLocation.Value.At);
        var stored = Assert.Single(harness.Observer.Stored);
        Assert.False(stored.IsDuplicate);
        Assert.Equal(10u, stored.Frame.Counter);
        Assert.Single(harness.Store.GetTrail(Wristband, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100));
    }

    [Fact]
    public async Task ForgedMic_ChangesNothing()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var forged = harness.Sign(Report(10));
        forged[^1] ^= 0x01;

        var outcome = await harness.SendAsync(forged);

        Assert.Equal(UplinkOutcome.BadMic, outcome);
        Assert.Null(harness.Store.Find(Wristband));
        Assert.Empty(harness.Observer.Stored);
        Assert.Equal(1, harness.Statistics.Find("gate-north")!.BadMics);
    }

    [Fact]
    public async Task FrameSignedWithAnotherDevicesKey_IsBadMic()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var impostor = harness.Sign(RadioFrame.Beacon(Wristband, 5, DeviceStatusFlags.None, 50));
        var claimsChip = harness.Sign(Beacon(5));
        impostor.AsSpan(1, 4).CopyTo(claimsChip.AsSpan(1, 4)); // same id, wrong signature

        Assert.Equal(UplinkOutcome.BadMic, await harness.SendAsync(impostor[..11].Concat(claimsChip[11..]).ToArray()));
        Assert.Null(harness.Store.Find(Chip));
    }

    [Fact]
    public async Task ReplayedFrame_AfterTheDuplicateWindow_ChangesNothing()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var sos = harness.Sign(RadioFrame.AlarmEvent(Wristband, 20, DeviceStatusFlags.Sos, 40, AlarmEventCode.Sos));
        await harness.SendAsync(sos);
        await harness.SendAsync(harness.Sign(Report(21)));

        var outcome = await harness.SendAsync(sos, at: TimeSpan.FromMinutes(5));

        Assert.Equal(UplinkOutcome.Replay, outcome);
        Assert.Equal(21u, harness.Store.Find(Wristband)!.LastCounter);
        Assert.Equal(DeviceStatusFlags.GnssFixValid, harness.Store.Find(Wristband)!.Flags);
        Assert.Equal(2, harness.Observer.Stored.Count);
    }

    [Fact]
    public async Task RolledBackCounter_BelowTheWindow_IsAReplay()
    {
        await using var harness = new PipelineHarness(new IngestionOptions { Shards = 1, ReplayWindow = 8 });
        await harness.StartAsync();
        await harness.SendAsync(harness.Sign(Beacon(1000)));

        // A thief's copy of the chip, or a device whose counter went back: never accepted, however fresh the MIC.
        var outcome = await harness.SendAsync(harness.Sign(Beacon(900, DeviceStatusFlags.None)), at: TimeSpan.FromSeconds(30));

        Assert.Equal(UplinkOutcome.Replay, outcome);
        Assert.Equal(1000u, harness.Store.Find(Chip)!.LastCounter);
        Assert.Equal(DeviceStatusFlags.Armed, harness.Store.Find(Chip)!.Flags);
    }

    [Fact]
    public async Task LateFrameInsideTheWindow_IsAcceptedOnceWithoutMovingTheDeviceBack()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        await harness.SendAsync(harness.Sign(Report(30, lat: 25.1000)));
        await harness.SendAsync(harness.Sign(Report(32, lat: 25.1020)), at: TimeSpan.FromSeconds(10));
        var late = harness.Sign(Report(31, lat: 25.1010));

        var first = await harness.SendAsync(late, at: TimeSpan.FromSeconds(20));
        var again = await harness.SendAsync(late, at: TimeSpan.FromSeconds(40));

        Assert.Equal(UplinkOutcome.Accepted, first);
        Assert.Equal(UplinkOutcome.Replay, again);
        var state = harness.Store.Find(Wristband)!;
        Assert.Equal(32u, state.LastCounter);
        Assert.Equal(25.1020, state.LastLocation!.Value.Point.Latitude, 6);
        Assert.Equal([30u, 32u, 31u], harness.Observer.Stored.Select(u => u.Frame.Counter));
    }

    [Fact]
    public async Task UnknownDeviceAndGarbage_ChangeNothingAndAreCountedPerReceiver()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var stranger = harness.Sign(RadioFrame.Beacon(0x7777, 1, DeviceStatusFlags.None, 50));

        Assert.Equal(UplinkOutcome.UnknownDevice, await harness.SendAsync(stranger, "pole-east"));
        Assert.Equal(UplinkOutcome.Malformed, await harness.SendAsync([0x13, 0x37], "pole-east"));
        Assert.Equal(UplinkOutcome.Malformed, await harness.SendAsync([], "pole-east"));
        Assert.Equal(UplinkOutcome.Malformed, await harness.SendAsync(new byte[200], "pole-east"));

        var counters = harness.Statistics.Find("pole-east")!;
        Assert.Equal(4, counters.Frames);
        Assert.Equal(1, counters.UnknownDevices);
        Assert.Equal(3, counters.Malformed);
        Assert.Empty(harness.Store.LoadAll());
        Assert.Empty(harness.Observer.Stored);
    }

    [Fact]
    public async Task BeaconHeardByThreeReceivers_IsOneUplinkWithAWeightedPosition()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var beacon = harness.Sign(Beacon(7));

        var outcomes = new[]
        {
            await harness.SendAsync(beacon, "gate-north", rssi: -60),
            await harness.SendAsync(beacon, "gate-south", rssi: -80, at: TimeSpan.FromMilliseconds(300)),
            await harness.SendAsync(beacon, "pole-east", rssi: -80, at: TimeSpan.FromMilliseconds(900)),
        };

        Assert.Equal([UplinkOutcome.Accepted, UplinkOutcome.Duplicate, UplinkOutcome.Duplicate], outcomes);
        var stored = harness.Observer.Stored.ToArray();
        Assert.Single(stored, u => !u.IsDuplicate);
        Assert.Equal(3, stored[^1].Receptions.Count);

        var location = harness.Store.Find(Chip)!.LastLocation!.Value;
        Assert.Equal(LocationSource.Receivers, location.Source);
        // The strongest receiver (20 dB above the others: ten times their weight) pulls the estimate to itself.
        var toNorth = LocalGeodesy.DistanceMetres(location.Point, PipelineHarness.GateNorth);
        Assert.True(toNorth < LocalGeodesy.DistanceMetres(location.Point, PipelineHarness.GateSouth));
        Assert.True(toNorth < LocalGeodesy.DistanceMetres(location.Point, PipelineHarness.Pole));
        Assert.InRange(toNorth, 40, 70);
        Assert.True(location.AccuracyMetres <= 90 + toNorth);
        Assert.Equal(7u, harness.Store.Find(Chip)!.LastCounter);
    }

    [Fact]
    public async Task MobileReceiver_PlacesTheSightingWhereThePatrolWas()
    {
        await using var harness = new PipelineHarness();
        await harness.StartAsync();
        var patrolAt = new GeoPoint(25.0931, 105.4802);

        await harness.SendAsync(harness.Sign(Beacon(3)), "patrol-1", receiverPosition: patrolAt);

        var location = harness.Store.Find(Chip)!.LastLocation!.Value;
        Assert.Equal(patrolAt, location.Point);
        Assert.Equal(100, location.AccuracyMetres);
    }

    [Fact]
    public async Task ManyDevicesAndFrames_EachDevicesFramesStayInOrder()
    {
        await using var harness = new PipelineHarness(new IngestionOptions { Shards = 3, MaxCommitBatch = 7 });
        await harness.StartAsync();
        var sends = new List<Task<UplinkOutcome>>();
        for (uint counter = 1; counter <= 200; counter++)
        {
            sends.Add(harness.SendAsync(harness.Sign(Beacon(counter)), at: TimeSpan.FromSeconds(counter)));
            sends.Add(harness.SendAsync(harness.Sign(Report(counter)), at: TimeSpan.FromSeconds(counter)));
        }

        var outcomes = await Task.WhenAll(sends);

        Assert.All(outcomes, o => Assert.Equal(UplinkOutcome.Accepted, o));
        var chipCounters = harness.Observer.Stored.Where(u => u.Device.Id == Chip).Select(u => u.Frame.Counter).ToArray();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (uint)i), chipCounters);
        Assert.True(harness.Store.Commits < 400, "uplinks should share transactions");
    }

    [Fact]
    public async Task StoreFailure_HoldsTheUplinkUntilTheStoreRecovers()
    {
        var store = new InMemoryStore();
        var failures = 3;
        store.FailNextCommit = () => Interlocked.Decrement(ref failures) >= 0 ? new IOException("disk full") : null;
        await using var harness = new PipelineHarness(store: store);
        await harness.StartAsync();

        var sending = harness.SendAsync(harness.Sign(Beacon(1)));
        while (!sending.IsCompleted)
        {
            // The commit stage backs off on the pipeline's clock between retries.
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal(UplinkOutcome.Accepted, await sending);
        Assert.Equal(1u, store.Find(Chip)!.LastCounter);
    }

    [Fact]
    public async Task Restart_RestoresCountersSoOldFramesStayReplays()
    {
        var store = new InMemoryStore();
        var frame = Array.Empty<byte>();
        await using (var first = new PipelineHarness(store: store))
        {
            await first.StartAsync();
            frame = first.Sign(Beacon(500));
            Assert.Equal(UplinkOutcome.Accepted, await first.SendAsync(frame));
        }

        await using var second = new PipelineHarness(store: store);
        await second.StartAsync();

        Assert.Equal(UplinkOutcome.Replay, await second.SendAsync(frame, at: TimeSpan.FromMinutes(1)));
        Assert.Equal(UplinkOutcome.Accepted, await second.SendAsync(second.Sign(Beacon(501)), at: TimeSpan.FromMinutes(2)));
    }
}
