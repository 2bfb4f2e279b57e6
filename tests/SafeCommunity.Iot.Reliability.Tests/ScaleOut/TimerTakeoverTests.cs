using SafeCommunity.Iot.Reliability.Tests.Support;
using static SafeCommunity.Iot.Reliability.Tests.Support.ClusterDatabase;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Reliability.Tests.ScaleOut;

/// <summary>
/// The device timers of two gateway processes sharing PostgreSQL (docs/scale-out.md): gw-b leads (it started first) and
/// hears nothing; gw-a's serial base station hears the wristbands. gw-a is killed with SIGKILL: gw-b, which never heard
/// them, reports each wristband silent once, and confirms by time the crossing one of them had begun while gw-a heard it.
/// Then gw-a is started again and gw-b killed: gw-a takes the timers over and reports nothing a second time.
/// </summary>
[Trait(TestStore.OwnStoreTrait, "true")]
public sealed class TimerTakeoverTests(ITestOutputHelper output) : BrokerBackedTest(output)
{
    private const int Wristbands = 20;
    private const int Rounds = 8;
    private const double HomeLatitude = 25.0950;
    private const double HomeLongitude = 105.4600;

    // Short, so the test sees them run out: silent after 12 s, a crossing confirmed after 6 s outside.
    private static readonly string[] Timers =
    [
        "--Alarms:TickInterval=00:00:01",
        "--Alarms:WristbandSilentAfter=00:00:12",
        "--Alarms:ReceiverSilentAfter=01:00:00",
        "--Geofences:ConfirmAfter=00:00:06",
        "--Ingestion:SharedStateInterval=00:00:01",
    ];

    private static uint Walker => ClusterFleet.FirstWristband;

    [Fact]
    public async Task HearingGatewayKilled_TheLeaderReportsItsWristbandsSilentOnce_AndConfirmsTheirCrossing_TheNextLeaderRepeatsNothing()
    {
        using var postgres = PostgreSqlServer.Start();
        var connectionString = postgres.ConnectionString(postgres.CreateDatabase());
        var registry = ClusterFleet.Write(Path.Combine(Work.Path, "fleet.json"), Wristbands);
        var fences = ClusterFleet.WriteKeepInZone(Path.Combine(Work.Path, "fences.geojson"), "walker-home", Walker, HomeLatitude, HomeLongitude, 300);
        string[] settings = [.. Timers, $"--Geofences:ImportOnStart={fences}"];
        await using var station = await SerialBaseStation.StartAsync();
        using var leader = new ClusterMember("gw-b", Work.Path, Broker.Port, connectionString, registry, settings: settings);
        using var hearing = new ClusterMember("gw-a", Work.Path, Broker.Port, connectionString, registry, ("wufu-gate-north", station.GatewayPath), settings);
        await leader.StartAsync();
        await Waiting.UntilAsync(() => Task.FromResult(TakenOver(leader)), TimeSpan.FromSeconds(30), "gw-b to run the device timers");
        await hearing.StartAsync();

        // Every wristband heard every 2 s for 16 s, at home; the walker's last fix is outside her safe zone.
        for (uint round = 1; round <= Rounds; round++)
        {
            for (var w = 0; w < Wristbands; w++)
            {
                var id = Walker + (uint)w;
                var outside = id == Walker && round == Rounds;
                await station.SendReceptionAsync(WristbandTraffic.Frame(id, round, sos: false, outside ? HomeLatitude + 0.005 : HomeLatitude, HomeLongitude));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        await Waiting.UntilAsync(
            () => Task.FromResult(Scalar(connectionString, $"SELECT count(*) FROM device_state WHERE last_counter = {Rounds};") == Wristbands),
            TimeSpan.FromSeconds(30), "every wristband's last frame to be stored");
        Assert.Equal(0, Scalar(connectionString, "SELECT count(*) FROM alarms;"));

        // gw-a dies with the walker's crossing pending (one fix outside, confirmed only by time).
        hearing.Kill();
        Output.WriteLine("killed gw-a");
        await Waiting.UntilAsync(
            () => Task.FromResult(Scalar(connectionString, "SELECT count(*) FROM alarms WHERE kind = 'silent-too-long';") == Wristbands &&
                Scalar(connectionString, "SELECT count(*) FROM alarms WHERE kind = 'left-safe-zone';") == 1),
            TimeSpan.FromSeconds(60), "gw-b to report every wristband silent and the walker's exit", () => leader.Current.Log);
        var exit = Rows(connectionString, "SELECT device_id, condition_key FROM alarms WHERE kind = 'left-safe-zone';");
        Assert.Equal([$"{Walker}|fence:walker-home"], exit);

        // gw-a back, gw-b dead: gw-a takes the timers over from the store, and what was reported stays reported.
        await hearing.StartAsync();
        leader.Kill();
        Output.WriteLine("killed gw-b");
        await Waiting.UntilAsync(() => Task.FromResult(TakenOver(hearing)), TimeSpan.FromSeconds(60), "gw-a to take the device timers over", () => hearing.Current.Log);

        // Five ticks of gw-a's clock: time enough for a second report, were one coming.
        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Equal(Wristbands + 1, Scalar(connectionString, "SELECT count(*) FROM alarms;"));
        Assert.Equal(Wristbands + 1, Scalar(connectionString, "SELECT count(*) FROM alarm_events;"));
        Assert.Equal(Wristbands + 1, Scalar(connectionString, "SELECT count(*) FROM alarms WHERE count = 1;"));
    }

    private static bool TakenOver(ClusterMember member) =>
        member.Current.Log.Contains("now runs the device timers", StringComparison.Ordinal);

}
