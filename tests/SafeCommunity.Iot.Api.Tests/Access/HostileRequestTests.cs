using Google.Protobuf;
using Grpc.Core;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Access;

/// <summary>
/// Requests an attacker or a broken client sends, against the real gateway on Kestrel: messages over the size limit,
/// enum values no client version knows, page sizes past every limit, malformed and guessed tokens. Which role may
/// call which RPC is <see cref="AuthorizationMatrixTests"/>; missing-field and unknown-community arguments are in
/// <see cref="ScopeTests"/>.
/// </summary>
public sealed class HostileRequestTests
{
    [Fact]
    public async Task OversizedMessage_IsResourceExhausted_AndTheGatewayKeepsServing()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path, ("Api:MaxMessageBytes", "65536"));
        var devices = new V1.Devices.DevicesClient(gateway.Channel(gateway.AdminToken));

        var oversized = await Assert.ThrowsAsync<RpcException>(async () =>
            await devices.ImportAsync(new ImportRegistryRequest { RegistryJson = ByteString.CopyFrom(new byte[200_000]) }));

        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        var list = await devices.ListAsync(new ListDevicesRequest { Page = new PageRequest { PageSize = 5 } });
        Assert.Equal(5, list.Devices.Count);

        // A file that is not UTF-8 is an import error, not a failed call.
        var notUtf8 = await devices.ImportAsync(new ImportRegistryRequest { RegistryJson = ByteString.CopyFrom([.. "{\"devices\":[{\"displayName\":\""u8, 0xFF, .. "\"}]}"u8]) });
        Assert.StartsWith("the file is not UTF-8 text", Assert.Single(notUtf8.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEnumValuesAndHugePageSizes_AreInvalidArgumentNamingTheField()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var channel = gateway.Channel(gateway.AdminToken);
        var devices = new V1.Devices.DevicesClient(channel);
        var alarms = new V1.Alarms.AlarmsClient(channel);
        async Task<string> FieldOf(Func<Task> call)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            return refused.Status.Detail.Split(':')[0];
        }

        Assert.Equal("command", await FieldOf(async () => await devices.SendCommandAsync(
            new SendCommandRequest { DeviceId = Roles.GrandmaWang, Command = (DeviceCommand)77 })));
        Assert.Equal("kinds", await FieldOf(async () => await devices.ListAsync(new ListDevicesRequest { Kinds = { (DeviceKind)99 } })));
        Assert.Equal("device.kind", await FieldOf(async () => await devices.EnrollAsync(new EnrollDeviceRequest
        {
            Device = new Device { Id = 0x33000009, Kind = (DeviceKind)(-3), DisplayName = "x", CommunityId = "wufu", Owner = "h" },
            KeyHex = "000102030405060708090a0b0c0d0e0f",
        })));
        Assert.Equal("filter.kinds", await FieldOf(async () => await alarms.ListAsync(new ListAlarmsRequest { Filter = new AlarmFilter { Kinds = { (AlarmKind)1000 } } })));
        Assert.Equal("filter.minimum_severity", await FieldOf(async () => await alarms.ListAsync(
            new ListAlarmsRequest { Filter = new AlarmFilter { MinimumSeverity = (AlarmSeverity)int.MaxValue } })));
        foreach (var size in new[] { int.MaxValue, 1001, -1, int.MinValue })
        {
            Assert.Equal("page.page_size", await FieldOf(async () => await devices.ListAsync(new ListDevicesRequest { Page = new PageRequest { PageSize = size } })));
        }

        Assert.Equal("page.page_token", await FieldOf(async () => await alarms.ListAsync(
            new ListAlarmsRequest { Page = new PageRequest { PageToken = new string('9', 10_000) } })));
    }

    [Fact]
    public async Task MalformedOrWrongTokens_AreUnauthenticated_AndTheAdminTokenStillWorks()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path, ("Api:MaxAuthenticationFailuresPerMinute", "1000"));
        var admin = gateway.AdminToken;
        var anonymous = new V1.Administration.AdministrationClient(gateway.Channel(token: null));
        string[] headers =
        [
            "Bearer", "Bearer ", "Basic " + admin, admin, "Bearer " + admin[..^1], "Bearer " + admin + "x",
            "Bearer " + admin[..^1] + (admin[^1] == 'A' ? 'B' : 'A'), "Bearer sc_", "Bearer " + new string('x', 8_000),
            "Bearer " + admin.ToUpperInvariant(), "Bearer \t",
        ];

        foreach (var header in headers)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await anonymous.WhoAmIAsync(new WhoAmIRequest(), new Metadata { { "authorization", header } }));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        var me = await anonymous.WhoAmIAsync(new WhoAmIRequest(), new Metadata { { "authorization", "bearer " + admin } });
        Assert.Equal(Role.Admin, me.Role);
    }

    [Fact]
    public async Task GuessingTokens_PastTheLimit_RefusesTheAddressEvenWithAValidToken_MissingTokensDoNotCount()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path, ("Api:MaxAuthenticationFailuresPerMinute", "5"));
        var anonymous = new V1.Administration.AdministrationClient(gateway.Channel(token: null));
        var admin = new V1.Administration.AdministrationClient(gateway.Channel(gateway.AdminToken));
        async Task<StatusCode> Call(V1.Administration.AdministrationClient client, string? guess = null)
        {
            try
            {
                var headers = guess is null ? null : new Metadata { { "authorization", "Bearer " + guess } };
                await client.WhoAmIAsync(new WhoAmIRequest(), headers);
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(StatusCode.Unauthenticated, await Call(anonymous));
        }

        Assert.Equal(StatusCode.OK, await Call(admin));
        var guesses = new List<StatusCode>();
        for (var i = 0; i < 8; i++)
        {
            guesses.Add(await Call(anonymous, $"sc_guess{i}_0123456789abcdef0123456789abcdef"));
        }

        Assert.Equal([.. Enumerable.Repeat(StatusCode.Unauthenticated, 6), StatusCode.ResourceExhausted, StatusCode.ResourceExhausted], guesses);
        Assert.Equal(StatusCode.ResourceExhausted, await Call(admin));
    }
}
