using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Logging;

/// <summary>
/// A busy gateway (tokens made, used, guessed and revoked; keys enrolled and imported, some in bad rows; a
/// wristband placed, located and raising an SOS) logs, at Information and above, no token secret, no device key
/// and no wristband position finer than three decimals (about 100 m): not in a message, not in a structured
/// argument, not in an exception.
/// </summary>
public sealed class LogSecrecyTests(ITestOutputHelper output)
{
    // Positions with distinct digits, so any rendering of them with 4 or more decimals is found.
    private static readonly (double Latitude, double Longitude)[] WristbandFixes = [(25.1012345, 105.4698765), (25.1013579, 105.4697531)];

    [Fact]
    public async Task BusyGateway_LogsNoSecretKeyOrPrecisePositionAtInformationOrAbove()
    {
        using var data = new TempDirectory();
        var logs = new CapturingLoggerProvider(LogLevel.Information);
        await using (var gateway = new ApiGateway(data.Path, logs,
            ("Logging:LogLevel:Default", "Information"), ("Logging:LogLevel:Microsoft", "Information"), ("Logging:LogLevel:Grpc", "Information")))
        {
            var secrets = await RunScenarioAsync(gateway);
            output.WriteLine($"{logs.Records.Count} log records at Information or above");

            var leaks = logs.Records
                .SelectMany(record => record.Texts.Select(text => (record, text)))
                .SelectMany(entry => secrets.Where(secret => entry.text.Contains(secret.Value, StringComparison.OrdinalIgnoreCase))
                    .Select(secret => $"{secret.What} in {entry.record.Category} #{entry.record.EventId.Id}: {entry.text}"))
                .Distinct()
                .ToList();
            Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
        }

        Assert.NotEmpty(logs.Records);
    }

    /// <summary>Drives the gateway and returns every secret it was given or gave out, with what it is.</summary>
    private static async Task<List<(string What, string Value)>> RunScenarioAsync(ApiGateway gateway)
    {
        var secrets = new List<(string What, string Value)>();
        var roles = await Roles.CreateAsync(gateway);
        secrets.AddRange(roles.Tokens.Where(t => t.Value is not null).Select(t => ($"the {t.Key} token", t.Value!)));
        var adminChannel = gateway.Channel(gateway.AdminToken);
        var administration = new V1.Administration.AdministrationClient(adminChannel);
        var devices = new V1.Devices.DevicesClient(adminChannel);

        // A token made, used, revoked and used again; wrong and altered tokens.
        var temporary = await administration.CreateTokenAsync(new CreateTokenRequest { Name = "temporary", Role = Role.Post, CommunityIds = { "wufu" } });
        secrets.Add(("a revoked token", temporary.Secret));
        await new V1.Alarms.AlarmsClient(gateway.Channel(temporary.Secret)).ListAsync(new ListAlarmsRequest());
        await administration.RevokeTokenAsync(new RevokeTokenRequest { TokenId = temporary.Token.Id });
        foreach (var wrong in new[] { temporary.Secret, gateway.AdminToken + "0", "sc_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) })
        {
            secrets.Add(("a refused token", wrong));
            await Assert.ThrowsAsync<RpcException>(async () => await new V1.Alarms.AlarmsClient(gateway.Channel(wrong)).ListAsync(new ListAlarmsRequest()));
        }

        // Keys: the seed file's, one enrolled over the API, one imported, one in a row that fails to import.
        secrets.AddRange(SeedKeys().Select(k => ("a seed device key", k)));
        var enrolledKey = NewKey();
        var importedKey = NewKey();
        var rejectedKey = NewKey();
        secrets.Add(("an enrolled key", enrolledKey));
        secrets.Add(("an imported key", importedKey));
        secrets.Add(("a key in a rejected row", rejectedKey));
        await devices.EnrollAsync(new EnrollDeviceRequest
        {
            Device = new Device { Id = 0x33000101, Kind = DeviceKind.ChildWristband, DisplayName = "test child", CommunityId = "wufu", Owner = "household-wf-001" },
            KeyHex = enrolledKey,
        });
        var imported = await devices.ImportAsync(new ImportRegistryRequest { RegistryJson = ByteString.CopyFromUtf8($$"""
            {"devices": [{ "id": 855638290, "kind": "child-wristband", "key": "{{importedKey}}", "displayName": "another child", "community": "wufu", "owner": "household-wf-001" }]}
            """) });
        Assert.Empty(imported.Errors);
        var rejected = await devices.ImportAsync(new ImportRegistryRequest { RegistryJson = ByteString.CopyFromUtf8($$"""
            {"devices": [{ "id": 855638275, "kind": "child-wristband", "key": "{{rejectedKey}}0", "displayName": "x", "community": "atlantis", "owner": "h" },
                         { "id": 855638276, "kind": "child-wristband", "key": "{{rejectedKey}}", "displayName": "{{rejectedKey}}", "community": "wufu", "owner": "h", "devEui": "{{rejectedKey}}" }]}
            """) });
        Assert.NotEmpty(rejected.Errors);
        await Assert.ThrowsAsync<RpcException>(async () => await devices.EnrollAsync(new EnrollDeviceRequest
        {
            Device = new Device { Id = 0x33000102, Kind = DeviceKind.ChildWristband, DisplayName = "x", CommunityId = "atlantis", Owner = "h" },
            KeyHex = rejectedKey,
        }));

        // Grandma Wang's wristband reports where she is, presses SOS there, and her family and the police look.
        secrets.AddRange(WristbandFixes.SelectMany(Renderings).Select(p => ("a wristband position", p)));
        var (lat, lon) = WristbandFixes[0];
        Assert.Equal(Core.Uplinks.UplinkOutcome.Accepted, await gateway.SendAsync(Frames.Position(Roles.GrandmaWang, 100, lat, lon)));
        (lat, lon) = WristbandFixes[1];
        Assert.Equal(Core.Uplinks.UplinkOutcome.Accepted, await gateway.SendAsync(SeedDevices.Sign(RadioFrame.AlarmEvent(
            Roles.GrandmaWang, 101, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos, GeoFix.FromDegrees(lat, lon, 6, 1)))));
        Assert.Equal(Core.Uplinks.UplinkOutcome.Accepted, await gateway.SendAsync(Frames.Beacon(Roles.GrandmaWang, 102), "wufu-gate-south"));
        var family = new V1.Devices.DevicesClient(gateway.Channel(roles.Tokens["family"]));
        await family.LocateAsync(new LocateRequest { DeviceId = Roles.GrandmaWang, Trail = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(2)) });
        var police = new V1.Alarms.AlarmsClient(gateway.Channel(roles.Tokens["post-wufu"]));
        var sos = Assert.Single((await police.ListAsync(new ListAlarmsRequest { ActiveOnly = true })).Alarms, a => a.Kind == AlarmKind.Sos);
        await police.AcknowledgeAsync(new AcknowledgeAlarmRequest { AlarmId = sos.Id });
        await police.ResolveAsync(new ResolveAlarmRequest { AlarmId = sos.Id, Note = "visited, all well" });
        await police.GetAsync(new GetAlarmRequest { AlarmId = sos.Id });
        return secrets;
    }

    /// <summary>A position as a log line might render it with four or more decimals: rounded and cut.</summary>
    private static IEnumerable<string> Renderings((double Latitude, double Longitude) fix) =>
        new[] { fix.Latitude, fix.Longitude }.SelectMany(v => new[]
        {
            v.ToString("F4", CultureInfo.InvariantCulture),
            (Math.Truncate(v * 10_000) / 10_000).ToString("F4", CultureInfo.InvariantCulture),
        }).Distinct();

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static IEnumerable<string> SeedKeys()
    {
        using var seed = JsonDocument.Parse(File.ReadAllText(SeedDevices.SeedFile, Encoding.UTF8));
        return [.. seed.RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("key").GetString()!)];
    }
}
