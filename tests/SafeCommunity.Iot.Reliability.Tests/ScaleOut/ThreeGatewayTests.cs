using System.Globalization;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Reliability.Tests.Support;
using static SafeCommunity.Iot.Reliability.Tests.Support.ClusterDatabase;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Reliability.Tests.ScaleOut;

/// <summary>
/// Three gateway processes on one PostgreSQL database and one Mosquitto, in one MQTT 5 shared subscription, with a
/// police room's alarm stream open on each (docs/scale-out.md). A network server publishes ChirpStack uplinks of
/// 2,000 wristbands (QoS 1), and serial base stations on two of the gateways' machines (socat pseudo-terminals) hear
/// 100 more, and both hear 20 more (one frame, two gateways: one uplink). One gateway is killed with SIGKILL while they
/// flow and started again once they are all published, as a service manager would: what the broker had handed to its
/// session waits there for it. Just before, its own base station heard 5 e-bikes, one of them leaving its parking
/// zone: the gateway that runs the device timers, which never heard them, reports them silent and confirms the exit.
/// Last, frames one gateway accepted are replayed to another, which refuses them.
/// </summary>
[Trait(TestStore.OwnStoreTrait, "true")]
public sealed class ThreeGatewayTests(ITestOutputHelper output) : BrokerBackedTest(output)
{
    private const int Wristbands = 2_000;
    private const int FramesPerWristband = 3;
    private const int SosWristbands = 60;

    // Heard only by the base station of gw-a (the first half) or of gw-b (the second half); the first few press SOS.
    private const int SerialWristbands = 100;
    private const int SerialSosWristbands = 10;

    // Heard by both base stations, so each frame reaches gw-a and gw-b; the first presses SOS on its second frame.
    private const int BothHeardWristbands = 20;

    // Heard by gw-a's base station only (not SOS), replayed afterwards to gw-b's.
    private const int ReplayedWristbands = 5;
    private const int FirstReplayedIndex = 10;

    // Heard by the killed gateway's base station only, just before its death; the first leaves its parking zone.
    private const int PoleChips = 5;
    private const double ParkingLatitude = 25.0900;
    private const double ParkingLongitude = 105.4500;

    // The device timers, short enough to run out in the test: e-bikes silent after 15 s, a crossing confirmed after
    // 3 s outside. Wristbands keep their 10 minutes, and SOS alarms escalate after an hour.
    private static readonly string[] Timers =
    [
        "--Alarms:TickInterval=00:00:01",
        "--Alarms:ChipSilentAfter=00:00:15",
        "--Alarms:EscalateAfter=01:00:00",
        "--Alarms:ReceiverSilentAfter=01:00:00",
        "--Geofences:ConfirmAfter=00:00:03",
    ];

    [Fact]
    public async Task ThreeGateways_OneKilledUnderLoad_EveryUplinkStoredOnce_OneAlarmPerSos_EveryStreamTheSameWithoutGap()
    {
        var random = SeededRandom();
        using var postgres = PostgreSqlServer.Start();
        var connectionString = postgres.ConnectionString(postgres.CreateDatabase());
        var registry = ClusterFleet.Write(Path.Combine(Work.Path, "fleet.json"), Wristbands + SerialWristbands + BothHeardWristbands, PoleChips);
        string[] settings = [.. Timers, $"--Geofences:ImportOnStart={ClusterFleet.WriteKeepInZone(Path.Combine(Work.Path, "fences.geojson"), "parking-square", ClusterFleet.FirstChip, ParkingLatitude, ParkingLongitude, 200)}"];
        await using var north = await SerialBaseStation.StartAsync();
        await using var south = await SerialBaseStation.StartAsync();
        await using var pole = await SerialBaseStation.StartAsync();
        var members = new[]
        {
            new ClusterMember("gw-a", Work.Path, Broker.Port, connectionString, registry, ("wufu-gate-north", north.GatewayPath), settings),
            new ClusterMember("gw-b", Work.Path, Broker.Port, connectionString, registry, ("wufu-gate-south", south.GatewayPath), settings),
            new ClusterMember("gw-c", Work.Path, Broker.Port, connectionString, registry, ("wufu-pole-square", pole.GatewayPath), settings),
        };
        try
        {
            // The first start creates the schema, the registry and the administrator token; the others find them.
            await members[0].StartAsync();
            await Task.WhenAll(members[1].StartAsync(), members[2].StartAsync());
            var headers = ClusterMember.HeadersOf(members[0]);

            // One police room per gateway, each moving on to the next gateway when its stream breaks.
            var followers = Enumerable.Range(0, members.Length).Select(start =>
            {
                var next = start;
                var first = true;
                return new AlarmFollower(() =>
                {
                    var member = members[first ? next : next = (next + 1) % members.Length];
                    first = false;
                    return (member.Alarms, headers, member.Id);
                });
            }).ToArray();
            using var stopFollowing = new CancellationTokenSource();
            var following = followers.Select(f => Task.Run(() => f.RunAsync(stopFollowing.Token))).ToArray();

            var script = Script(random);
            await using var networkServer = new NetworkServerPublisher(Broker.Port);
            var publishing = Task.Run(() => networkServer.PublishPacedAsync(script));
            var serialSos = Enumerable.Range(0, SerialWristbands).Where(IsSerialSos).Select(SerialWristband).ToList();
            var hearing = Task.WhenAll(
                Task.Run(() => HearAsync(north, 0, SerialWristbands / 2)),
                Task.Run(() => HearAsync(south, SerialWristbands / 2, SerialWristbands)),
                Task.Run(() => HearByBothAsync(north, south)));
            await Waiting.UntilAsync(
                () => Task.FromResult(networkServer.Acknowledged.Count >= script.Count * 2 / 5),
                TimeSpan.FromSeconds(60), "two fifths of the uplinks to be published");
            var killed = members[2];

            // The dead gateway's e-bikes: stored, the first with its exit pending (one fix outside, no time yet).
            await HearChipsAsync(pole);
            await Waiting.UntilAsync(
                () => Task.FromResult(Scalar(connectionString, $"SELECT count(*) FROM device_state WHERE device_id >= {ClusterFleet.FirstChip} AND device_id < {ClusterFleet.FirstChip + PoleChips} AND last_counter = 2;") == PoleChips),
                TimeSpan.FromSeconds(30), "the pole's e-bikes to be stored");
            var acceptedBeforeKill = await killed.Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"accepted\"");
            killed.Kill();
            Output.WriteLine($"killed {killed.Id} after {networkServer.Acknowledged.Count} of {script.Count} uplinks; it had accepted {acceptedBeforeKill}");
            await publishing;
            await hearing;
            Assert.Equal(script.Count, networkServer.Acknowledged.Count);

            // The two live gateways go on; the room that watched the dead one streams from another, and every room
            // has what the store has while the dead gateway's share waits for it in its broker session.
            serialSos.Add(SerialWristband(SerialWristbands));
            var sosCount = script.Count(u => u.IsSos) + serialSos.Count;
            var alarmCount = sosCount + PoleChips + 1;
            await Waiting.UntilAsync(
                () => Task.FromResult(followers[2].Sources.Skip(1).Any(source => source != killed.Id)),
                TimeSpan.FromSeconds(60), "the room that watched the dead gateway to stream from another one");
            var storedWhileDead = Scalar(connectionString, "SELECT coalesce(max(sequence), 0) FROM alarm_events;");
            await Waiting.UntilAsync(
                () => Task.FromResult(followers.All(f => f.ResumeAfter >= storedWhileDead)),
                TimeSpan.FromSeconds(60), "every stream to have what the store has while a gateway is dead");
            Output.WriteLine($"{storedWhileDead} of {alarmCount} alarms stored while {killed.Id} was dead; streams from {string.Join(" / ", followers.Select(f => string.Join(">", f.Sources)))}");

            await killed.StartAsync();
            await Waiting.UntilAsync(
                () => Task.FromResult(StoredLastCounters(connectionString) == Wristbands + SerialWristbands + BothHeardWristbands),
                TimeSpan.FromSeconds(90), "every wristband's last frame to be stored", () => string.Join("\n", members.Select(m => m.Current.Log)));
            await Waiting.UntilAsync(
                () => Task.FromResult(followers.All(f => f.ResumeAfter >= alarmCount)),
                TimeSpan.FromSeconds(60), "every alarm in every stream");
            await stopFollowing.CancelAsync();
            await Task.WhenAll(following);

            // Every wristband where its last frame put it (the frames before it are in the SOS alarms below), those
            // heard on the serial lines of two gateways too.
            Assert.Equal(Wristbands + SerialWristbands + BothHeardWristbands, Scalar(connectionString, $"""
                SELECT count(*) FROM device_state WHERE device_id >= {ClusterFleet.FirstWristband} AND last_counter = {FramesPerWristband}
                    AND abs(lon - {LongitudeOf(FramesPerWristband).ToString(CultureInfo.InvariantCulture)}) < 1e-6;
                """));

            // One alarm per SOS, numbered 1..N in the store, whichever gateway raised it; and each of the dead gateway's
            // e-bikes reported silent once, its parking-zone exit confirmed once, by the gateway that runs the timers.
            var alarms = Rows(connectionString, "SELECT device_id, kind, count FROM alarms ORDER BY device_id;");
            Assert.Equal(
                script.Where(u => u.IsSos).Select(u => u.DeviceId).Concat(serialSos).Select(d => $"{d}|sos|1")
                    .Concat(Enumerable.Range(0, PoleChips).Select(i => $"{ClusterFleet.FirstChip + (uint)i}|silent-too-long|1"))
                    .Append($"{ClusterFleet.FirstChip}|left-safe-zone|1")
                    .Order(StringComparer.Ordinal),
                alarms.Order(StringComparer.Ordinal));
            Assert.Equal(Enumerable.Range(1, alarmCount).Select(i => (long)i), Rows(connectionString, "SELECT sequence FROM alarm_events ORDER BY sequence;").Select(long.Parse));

            // Every room saw every event once, in that order, whichever gateways it streamed from.
            foreach (var follower in followers)
            {
                Assert.Equal(Enumerable.Range(1, alarmCount).Select(i => (long)i), follower.Events.Select(e => e.Sequence));
                Assert.All(follower.Events, e => Assert.Equal(AlarmEventType.Raised, e.Type));
            }

            Assert.Contains(followers[2].Sources, source => source != killed.Id);

            // Each base station's frames went to the gateway it is plugged into, and only there.
            foreach (var member in members.Take(2))
            {
                Assert.Equal(
                    (SerialWristbands / 2 * FramesPerWristband) + (BothHeardWristbands * FramesPerWristband),
                    await member.Current.MetricAsync("safecomm_uplinks_received", "transport=\"serial\""));
            }

            // A frame heard on both gateways' lines is one uplink: accepted by one, merged as a duplicate by the other,
            // its receptions in the store those of both base stations.
            var duplicates = await Task.WhenAll(members.Take(2).Select(m => m.Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"duplicate\"")));
            Assert.Equal(BothHeardWristbands * FramesPerWristband, duplicates.Sum());
            Assert.Equal(BothHeardWristbands, Scalar(connectionString, $"""
                SELECT count(*) FROM device_state WHERE device_id >= {SerialWristband(SerialWristbands)}
                    AND receptions LIKE '%wufu-gate-north%' AND receptions LIKE '%wufu-gate-south%';
                """));

            // Frames gw-a accepted, replayed to gw-b (which never heard these wristbands): refused, nothing changes.
            var before = await members[1].Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"replay\"");
            var statesBefore = Rows(connectionString, ReplayedStatesSql);
            await HearAsync(south, FirstReplayedIndex, FirstReplayedIndex + ReplayedWristbands);
            await Waiting.UntilAsync(
                async () => await members[1].Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"replay\"") >= before + (ReplayedWristbands * FramesPerWristband),
                TimeSpan.FromSeconds(30), "gw-b to refuse the replayed frames");
            Assert.Equal(before + (ReplayedWristbands * FramesPerWristband), await members[1].Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"replay\""));
            Assert.Equal(statesBefore, Rows(connectionString, ReplayedStatesSql));

            var shares = await Task.WhenAll(members.Select(m => m.Current.MetricAsync("safecomm_uplinks_processed", "outcome=\"accepted\"")));
            Assert.All(shares.Take(2), share => Assert.True(share > 0, "every live gateway took a share of the uplinks"));
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{script.Count} uplinks, {sosCount} SOS; accepted by {string.Join(", ", members.Select((m, i) => $"{m.Id} {shares[i]}"))} (after {killed.Id}'s restart); " +
                $"streams from {string.Join(" / ", followers.Select(f => string.Join(">", f.Sources)))}"));
        }
        finally
        {
            foreach (var member in members)
            {
                member.Dispose();
            }
        }
    }

    /// <summary>The uplinks: each wristband's frames in counter order, interleaved at random; one SOS press on some.</summary>
    private static List<ScriptedUplink> Script(Random random)
    {
        var perWristband = new List<Queue<ScriptedUplink>>(Wristbands);
        for (var w = 0; w < Wristbands; w++)
        {
            var id = ClusterFleet.FirstWristband + (uint)w;
            var sosAt = w < SosWristbands ? (uint)random.Next(1, FramesPerWristband) : 0;
            var frames = new Queue<ScriptedUplink>();
            for (uint counter = 1; counter <= FramesPerWristband; counter++)
            {
                frames.Enqueue(WristbandTraffic.Uplink(id, counter, counter == sosAt, 25.09 + (w * 0.00001), LongitudeOf(counter)));
            }

            perWristband.Add(frames);
        }

        var script = new List<ScriptedUplink>(Wristbands * FramesPerWristband);
        while (perWristband.Count > 0)
        {
            var pick = random.Next(perWristband.Count);
            script.Add(perWristband[pick].Dequeue());
            if (perWristband[pick].Count == 0)
            {
                perWristband.RemoveAt(pick);
            }
        }

        return script;
    }

    private static string ReplayedStatesSql => $"""
        SELECT device_id, last_counter, seen_window, last_accepted_at, last_seen, last_receiver_id, receptions FROM device_state
        WHERE device_id BETWEEN {SerialWristband(FirstReplayedIndex)} AND {SerialWristband(FirstReplayedIndex + ReplayedWristbands - 1)} ORDER BY device_id;
        """;

    private static uint SerialWristband(int index) => ClusterFleet.FirstWristband + Wristbands + (uint)index;

    private static bool IsSerialSos(int index) => index % (SerialWristbands / 2) < SerialSosWristbands / 2;

    /// <summary>The base station hears wristbands <paramref name="from"/> to <paramref name="to"/>, frame by frame; SOS on the second frame of some.</summary>
    private static async Task HearAsync(SerialBaseStation station, int from, int to)
    {
        for (uint counter = 1; counter <= FramesPerWristband; counter++)
        {
            for (var index = from; index < to; index++)
            {
                var sos = counter == 2 && IsSerialSos(index);
                await station.SendReceptionAsync(WristbandTraffic.Frame(SerialWristband(index), counter, sos, 25.09 + ((Wristbands + index) * 0.00001), LongitudeOf(counter)));
                await Task.Delay(5);
            }
        }
    }

    /// <summary>Both base stations hear the wristbands after the serial ones, each frame at once; the first presses SOS on its second frame.</summary>
    private static async Task HearByBothAsync(SerialBaseStation north, SerialBaseStation south)
    {
        for (uint counter = 1; counter <= FramesPerWristband; counter++)
        {
            for (var index = SerialWristbands; index < SerialWristbands + BothHeardWristbands; index++)
            {
                var frame = WristbandTraffic.Frame(
                    SerialWristband(index), counter, counter == 2 && index == SerialWristbands, 25.09 + ((Wristbands + index) * 0.00001), LongitudeOf(counter));
                await Task.WhenAll(north.SendReceptionAsync(frame), south.SendReceptionAsync(frame));
                await Task.Delay(5);
            }
        }
    }

    /// <summary>The pole's base station hears each e-bike twice, parked; the first one's second fix is 450 m away.</summary>
    private static async Task HearChipsAsync(SerialBaseStation pole)
    {
        for (uint counter = 1; counter <= 2; counter++)
        {
            for (var i = 0; i < PoleChips; i++)
            {
                var away = i == 0 && counter == 2 ? 0.004 : 0;
                await pole.SendReceptionAsync(WristbandTraffic.Frame(ClusterFleet.FirstChip + (uint)i, counter, sos: false, ParkingLatitude + away, ParkingLongitude));
                await Task.Delay(5);
            }
        }
    }

    private static double LongitudeOf(uint counter) => 105.46 + (counter * 0.001);

    private static long StoredLastCounters(string connectionString) =>
        Scalar(connectionString, $"SELECT count(*) FROM device_state WHERE device_id >= {ClusterFleet.FirstWristband} AND last_counter = {FramesPerWristband};");
}
