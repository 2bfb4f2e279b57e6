using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Access;

/// <summary>
/// Every RPC, called with every role and with no token, against the table below. "allowed" means the call got past
/// authentication and authorization (it may still fail on its merits, e.g. a bike already reported stolen);
/// "hidden" is NOT_FOUND for something outside the caller's scope; "denied" is PERMISSION_DENIED for a role that may
/// never do it; "unauthenticated" is a missing token.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string FenceJson = """
        {"type":"Feature","geometry":{"type":"Point","coordinates":[105.4691,25.1011]},
         "properties":{"id":"home-of-grandma-wang","name":"Home","mode":"keep-in","radiusMetres":300,
                       "assignment":{"device":570425345}}}
        """;

    private static readonly string[] RoleOrder = ["none", "admin", "post-wufu", "post-tiangu", "family", "owner"];

    // RPC → expected outcome per role, in RoleOrder: none, admin, post-wufu, post-tiangu, family, owner.
    private static readonly (string Rpc, string[] Expected, Func<GrpcChannel, Scenario, Task> Call)[] Table =
    [
        ("Alarms.Watch", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
        {
            using var watch = new V1.Alarms.AlarmsClient(c).Watch(new WatchAlarmsRequest());
            await watch.ResponseStream.MoveNext(CancellationToken.None);
        }),
        ("Alarms.List", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
            await new V1.Alarms.AlarmsClient(c).ListAsync(new ListAlarmsRequest())),
        ("Alarms.Get", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, _) =>
            await new V1.Alarms.AlarmsClient(c).GetAsync(new GetAlarmRequest { AlarmId = 1 })),
        ("Alarms.Acknowledge", ["unauthenticated", "allowed", "allowed", "hidden", "denied", "denied"], async (c, _) =>
            await new V1.Alarms.AlarmsClient(c).AcknowledgeAsync(new AcknowledgeAlarmRequest { AlarmId = 1 })),
        ("Alarms.Resolve", ["unauthenticated", "allowed", "allowed", "hidden", "denied", "denied"], async (c, _) =>
            await new V1.Alarms.AlarmsClient(c).ResolveAsync(new ResolveAlarmRequest { AlarmId = 1, Note = "visited, all well" })),
        ("Devices.ReportStolen", ["unauthenticated", "allowed", "allowed", "hidden", "denied", "allowed"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).ReportStolenAsync(new ReportStolenRequest { DeviceId = Roles.BlueBike, PoliceReportNumber = "AL-2026-1107" })),
        ("Devices.ReportRecovered", ["unauthenticated", "allowed", "allowed", "hidden", "denied", "allowed"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).ReportRecoveredAsync(new ReportRecoveredRequest { DeviceId = Roles.BlueBike })),
        ("Devices.Arm", ["unauthenticated", "allowed", "allowed", "hidden", "denied", "allowed"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).ArmAsync(new ArmRequest { DeviceId = Roles.BlueBike, AckTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) })),
        ("Devices.Disarm", ["unauthenticated", "allowed", "allowed", "hidden", "denied", "allowed"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).DisarmAsync(new ArmRequest { DeviceId = Roles.BlueBike, AckTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) })),
        ("Devices.Locate", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).LocateAsync(new LocateRequest { DeviceId = Roles.GrandmaWang, Trail = Duration.FromTimeSpan(TimeSpan.FromHours(2)) })),
        ("Devices.SendCommand", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).SendCommandAsync(new SendCommandRequest
            {
                DeviceId = Roles.GrandmaWang, Command = DeviceCommand.LocateNow, AckTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
            })),
        ("Devices.List", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).ListAsync(new ListDevicesRequest())),
        ("Devices.Get", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).GetAsync(new GetDeviceRequest { DeviceId = Roles.GrandmaWang })),
        ("Devices.Enroll", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).EnrollAsync(new EnrollDeviceRequest
            {
                Device = new Device { Id = 0x33000001, Kind = DeviceKind.ChildWristband, DisplayName = "New wristband", CommunityId = "wufu", Owner = "household-wf-001" },
                KeyHex = "000102030405060708090a0b0c0d0e0f",
            })),
        ("Devices.Update", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).UpdateAsync(new UpdateDeviceRequest
            {
                Device = new Device { Id = 0x33000001, Kind = DeviceKind.ChildWristband, DisplayName = "Xiao Ming's wristband", CommunityId = "wufu", Owner = "household-wf-001" },
            })),
        ("Devices.Remove", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).RemoveAsync(new RemoveDeviceRequest { DeviceId = 0x33000001 })),
        ("Devices.Import", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Devices.DevicesClient(c).ImportAsync(new ImportRegistryRequest { RegistryJson = ByteString.CopyFromUtf8("{\"devices\":[]}") })),
        ("Geofences.Create", ["unauthenticated", "allowed", "allowed", "denied", "allowed", "denied"], async (c, _) =>
            await new V1.Geofences.GeofencesClient(c).CreateAsync(new GeofenceGeoJsonRequest { Geojson = FenceJson })),
        ("Geofences.Update", ["unauthenticated", "allowed", "allowed", "denied", "allowed", "denied"], async (c, scenario) =>
        {
            await scenario.ResetFenceAsync();
            await new V1.Geofences.GeofencesClient(c).UpdateAsync(new GeofenceGeoJsonRequest { Geojson = FenceJson });
        }),
        ("Geofences.List", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
            await new V1.Geofences.GeofencesClient(c).ListAsync(new ListGeofencesRequest())),
        ("Geofences.Unassign", ["unauthenticated", "allowed", "denied", "hidden", "denied", "hidden"], async (c, scenario) =>
        {
            await scenario.ResetFenceAsync();
            await new V1.Geofences.GeofencesClient(c).UnassignAsync(new UnassignGeofenceRequest { GeofenceId = "home-of-grandma-wang" });
        }),
        ("Geofences.Assign", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, scenario) =>
        {
            await scenario.ResetFenceAsync();
            await new V1.Geofences.GeofencesClient(c).AssignAsync(new AssignGeofenceRequest { GeofenceId = "home-of-grandma-wang", DeviceId = Roles.GrandmaWang });
        }),
        ("Geofences.Delete", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, scenario) =>
        {
            await scenario.ResetFenceAsync();
            await new V1.Geofences.GeofencesClient(c).DeleteAsync(new DeleteGeofenceRequest { GeofenceId = "home-of-grandma-wang" });
        }),
        ("Receivers.List", ["unauthenticated", "allowed", "allowed", "allowed", "denied", "denied"], async (c, _) =>
            await new V1.Receivers.ReceiversClient(c).ListAsync(new ListReceiversRequest())),
        ("Administration.CreateToken", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Administration.AdministrationClient(c).CreateTokenAsync(new CreateTokenRequest { Name = "spare", Role = Role.Post, CommunityIds = { "jiulong" } })),
        ("Administration.RevokeToken", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, scenario) =>
            await new V1.Administration.AdministrationClient(c).RevokeTokenAsync(new RevokeTokenRequest { TokenId = await scenario.SpareTokenIdAsync() })),
        ("Administration.ListTokens", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Administration.AdministrationClient(c).ListTokensAsync(new ListTokensRequest())),
        ("Administration.ListAudit", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Administration.AdministrationClient(c).ListAuditAsync(new ListAuditRequest())),
        ("Administration.WhoAmI", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
            await new V1.Administration.AdministrationClient(c).WhoAmIAsync(new WhoAmIRequest())),
        ("Notifications.ListSubscriptions", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
            await new V1.Notifications.NotificationsClient(c).ListSubscriptionsAsync(new ListSubscriptionsRequest())),
        ("Notifications.AddSubscription (Grandma Wang's wristband)", ["unauthenticated", "allowed", "allowed", "hidden", "allowed", "hidden"], async (c, _) =>
            await new V1.Notifications.NotificationsClient(c).AddSubscriptionAsync(Webhook(Roles.GrandmaWang))),
        ("Notifications.AddSubscription (the blue bike)", ["unauthenticated", "allowed", "allowed", "hidden", "hidden", "allowed"], async (c, _) =>
            await new V1.Notifications.NotificationsClient(c).AddSubscriptionAsync(Webhook(Roles.BlueBike))),
        ("Notifications.AddSubscription (as the bureau)", ["unauthenticated", "allowed", "denied", "denied", "denied", "denied"], async (c, _) =>
            await new V1.Notifications.NotificationsClient(c).AddSubscriptionAsync(new AddSubscriptionRequest
            {
                Name = "bureau", Channel = NotificationChannel.Webhook, Address = "http://127.0.0.1:9/bureau", Level = NotificationLevel.Bureau,
            })),
        ("Notifications.AddSubscription (for Tiangu)", ["unauthenticated", "allowed", "denied", "allowed", "denied", "denied"], async (c, _) =>
            await new V1.Notifications.NotificationsClient(c).AddSubscriptionAsync(new AddSubscriptionRequest
            {
                Name = "tiangu", Channel = NotificationChannel.Webhook, Address = "http://127.0.0.1:9/tiangu", Role = Role.Post, CommunityIds = { "tiangu" },
            })),
        ("Notifications.RemoveSubscription (the Wang family's)", ["unauthenticated", "allowed", "hidden", "hidden", "allowed", "hidden"], async (c, scenario) =>
            await new V1.Notifications.NotificationsClient(c).RemoveSubscriptionAsync(new RemoveSubscriptionRequest { SubscriptionId = await scenario.FamilySubscriptionIdAsync() })),
        ("Notifications.ListDeadLetters", ["unauthenticated", "allowed", "allowed", "allowed", "allowed", "allowed"], async (c, _) =>
            await new V1.Notifications.NotificationsClient(c).ListDeadLettersAsync(new ListDeadLettersRequest())),
    ];

    [Fact]
    public async Task EveryRpc_WithEveryRole_IsAllowedOrRefusedAsTheTableSays()
    {
        using var data = new TempDirectory();
        // Webhooks at 127.0.0.1 for every role (never called: the rows only subscribe).
        await using var gateway = new ApiGateway(data.Path, ("Notifications:AllowPrivateWebhooks", "true"));
        await gateway.SendAsync(Frames.Sos(Roles.GrandmaWang, 1));
        var roles = await Roles.CreateAsync(gateway);
        var scenario = new Scenario(gateway.Channel(gateway.AdminToken));

        var mismatches = new List<string>();
        foreach (var (rpc, expected, call) in Table)
        {
            for (var i = 0; i < RoleOrder.Length; i++)
            {
                var channel = gateway.Channel(roles.Tokens[RoleOrder[i]]);
                var outcome = await OutcomeAsync(() => call(channel, scenario));
                if (outcome != expected[i])
                {
                    mismatches.Add($"{rpc} as {RoleOrder[i]}: expected {expected[i]}, got {outcome}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static AddSubscriptionRequest Webhook(uint deviceId) => new()
    {
        Name = "hook", Channel = NotificationChannel.Webhook, Address = "http://127.0.0.1:9/hook", DeviceIds = { deviceId },
    };

    private static async Task<string> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return "allowed";
        }
        catch (RpcException exception)
        {
            return exception.StatusCode switch
            {
                StatusCode.Unauthenticated => "unauthenticated",
                StatusCode.PermissionDenied => "denied",
                StatusCode.NotFound when exception.Status.Detail.Contains("not visible to this token", StringComparison.Ordinal) => "hidden",
                _ => "allowed",
            };
        }
    }

    /// <summary>What some rows set up, as the administrator, before each role's call.</summary>
    private sealed class Scenario(GrpcChannel admin)
    {
        /// <summary>Grandma Wang's home fence, present and assigned to her wristband.</summary>
        public async Task ResetFenceAsync()
        {
            var fences = new V1.Geofences.GeofencesClient(admin);
            try
            {
                await fences.CreateAsync(new GeofenceGeoJsonRequest { Geojson = FenceJson });
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.AlreadyExists)
            {
                await fences.UpdateAsync(new GeofenceGeoJsonRequest { Geojson = FenceJson });
            }
        }

        /// <summary>A subscription of Grandma Wang's household, made by the administrator in its scope.</summary>
        public async Task<string> FamilySubscriptionIdAsync() =>
            (await new V1.Notifications.NotificationsClient(admin).AddSubscriptionAsync(new AddSubscriptionRequest
            {
                Name = "Wang family", Channel = NotificationChannel.Webhook, Address = "http://127.0.0.1:9/wang",
                Role = Role.Family, Principal = "household-wf-001",
            })).Subscription.Id;

        /// <summary>A token made to be revoked.</summary>
        public async Task<string> SpareTokenIdAsync() =>
            (await new V1.Administration.AdministrationClient(admin).CreateTokenAsync(
                new CreateTokenRequest { Name = "spare", Role = Role.Family, Principal = "household-jl-009" })).Token.Id;
    }
}
