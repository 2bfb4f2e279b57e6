using System.Text.Json;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Cli.Tests.Journeys;

/// <summary>
/// The three journeys of the README, end to end: the real <c>safecomm</c> commands against the real gateway, with
/// real signed frames handed to its pipeline as a receiver heard them.
/// </summary>
public sealed class JourneyTests
{
    private const uint GrandmaWang = 570425345;
    private const uint GrandpaLi = 570425346;
    private const uint BlueBike = 285212673;

    [Fact]
    public async Task PoliceRoom_WatchesAnSos_AcknowledgesIt_AndSeesItAcknowledged()
    {
        await using var journey = new Journey();
        var token = await journey.CreateTokenAsync("--name", "Wufu police room", "--role", "post", "--community", "wufu", "--expires", "365d");
        var room = journey.Console(token);

        using var stop = new CancellationTokenSource();
        var watch = room.RunAsync(stop.Token, "alarms", "watch", "--json", "--after", "0");
        Assert.Equal(UplinkOutcome.Accepted, await journey.Gateway.SendAsync(RealGateway.Sos(GrandmaWang, 1), "wufu-gate-north"));

        JsonElement raised = default;
        await Journey.WaitUntilAsync(
            () => Journey.JsonLines(room).Any(line => (raised = line).GetProperty("type").GetString() == "ALARM_EVENT_TYPE_RAISED"),
            "the SOS in the watch");
        var alarm = raised.GetProperty("alarm");
        Assert.Equal("ALARM_KIND_SOS", alarm.GetProperty("kind").GetString());
        Assert.Equal("ALARM_STATE_OPEN", alarm.GetProperty("state").GetString());
        Assert.Equal(GrandmaWang, alarm.GetProperty("deviceId").GetUInt32());
        var id = alarm.GetProperty("id").GetString()!;

        var ack = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await ack.RunAsync("alarms", "ack", id));

        // The watch shows the acknowledgement too, then stops on Ctrl+C with exit 0.
        await Journey.WaitUntilAsync(
            () => Journey.JsonLines(room).Any(line => line.GetProperty("type").GetString() == "ALARM_EVENT_TYPE_ACKNOWLEDGED"),
            "the acknowledgement in the watch");
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await watch);

        var list = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await list.RunAsync("alarms", "list", "--active", "--json"));
        var listed = Assert.Single(Journey.JsonLines(list), line => line.GetProperty("id").GetString() == id);
        Assert.Equal("ALARM_STATE_ACKNOWLEDGED", listed.GetProperty("state").GetString());
        Assert.Equal("ALARM_KIND_SOS", listed.GetProperty("kind").GetString());

        var table = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await table.RunAsync("alarms", "list", "--active"));
        Assert.Contains(table.OutputLines, line => line.TrimStart().StartsWith(id + " ", StringComparison.Ordinal) && line.Contains(" sos ", StringComparison.Ordinal) && line.Contains("acknowledged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Owner_ReportsTheBikeStolen_AndSeesItSightedInTiangu()
    {
        await using var journey = new Journey();
        var token = await journey.CreateTokenAsync("--name", "Owner of the blue Yadea", "--role", "owner", "--principal", "owner-wf-001");
        var owner = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await owner.RunAsync("bike", "report-stolen", BlueBike.ToString(), "--report-number", "ALPS-2026-0415", "--place", "Wufu market gate"));

        using var stop = new CancellationTokenSource();
        var watcher = journey.Console(token);
        var watch = watcher.RunAsync(stop.Token, "alarms", "watch", "--device", BlueBike.ToString(), "--kind", "stolen-bike-sighted", "--json", "--after", "0");

        // Carried off to Tiangu: its position report is heard by Tiangu's north gate.
        Assert.Equal(UplinkOutcome.Accepted, await journey.Gateway.SendAsync(RealGateway.Position(BlueBike, 1, 25.0951, 105.4790), "tiangu-gate-north"));

        JsonElement sighted = default;
        await Journey.WaitUntilAsync(
            () => Journey.JsonLines(watcher).Any(line => (sighted = line).GetProperty("alarm").GetProperty("kind").GetString() == "ALARM_KIND_STOLEN_BIKE_SIGHTED"),
            "the stolen-bike sighting in the watch");
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await watch);
        var alarm = sighted.GetProperty("alarm");
        Assert.Equal(BlueBike, alarm.GetProperty("deviceId").GetUInt32());
        Assert.Equal("ALARM_SEVERITY_CRITICAL", alarm.GetProperty("severity").GetString());

        var list = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await list.RunAsync("alarms", "list", "--active", "--kind", "stolen-bike-sighted"));
        Assert.Contains(list.OutputLines, line => line.Contains("stolen-bike-sighted", StringComparison.Ordinal) && line.Contains("wufu→tiangu", StringComparison.Ordinal));

        var locate = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await locate.RunAsync("locate", BlueBike.ToString(), "--trail", "2h"));
        var output = locate.Output;
        Assert.Contains("REPORTED STOLEN", output, StringComparison.Ordinal);
        Assert.Contains("25.09510,105.47900", output, StringComparison.Ordinal);
        Assert.Contains("by tiangu-gate-north", output, StringComparison.Ordinal);
        Assert.Contains("trail: 1 points", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Family_LocatesGrandmaWangWithHerTrail_ButNotAnotherHousehold()
    {
        await using var journey = new Journey();
        var token = await journey.CreateTokenAsync("--name", "Wang family", "--role", "family", "--principal", "household-wf-001");

        Assert.Equal(UplinkOutcome.Accepted, await journey.Gateway.SendAsync(RealGateway.Position(GrandmaWang, 1, 25.1011, 105.4691), "wufu-gate-north"));
        Assert.Equal(UplinkOutcome.Accepted, await journey.Gateway.SendAsync(RealGateway.Position(GrandmaWang, 2, 25.1020, 105.4702), "wufu-gate-north"));

        var family = journey.Console(token);
        Assert.Equal(ExitCodes.Success, await family.RunAsync("locate", GrandmaWang.ToString(), "--trail", "2h"));
        var output = family.Output;
        Assert.Contains("position    25.10200,105.47020", output, StringComparison.Ordinal);
        Assert.Contains("by wufu-gate-north", output, StringComparison.Ordinal);
        Assert.Contains("battery     80%", output, StringComparison.Ordinal);
        Assert.Contains("trail: 2 points", output, StringComparison.Ordinal);
        Assert.Contains(family.OutputLines, line => line.Contains("25.10110,105.46910", StringComparison.Ordinal));

        var other = journey.Console(token);
        Assert.Equal(ExitCodes.Failed, await other.RunAsync("locate", GrandpaLi.ToString()));
        Assert.Empty(other.Output);
        Assert.StartsWith("safecomm: ", other.Errors, StringComparison.Ordinal);
        Assert.Contains("not found", other.Errors, StringComparison.OrdinalIgnoreCase);
    }
}
