using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Devices;

/// <summary>
/// An owner and a police officer report one stolen bike at the same moment (or a phone sends the report twice): one
/// report is stored, every other call is refused as already reported, and the bike can be reported again once it
/// was recovered. Each gRPC call gets its own service instance, so this holds only if the decision is made once for
/// the whole gateway.
/// </summary>
public sealed class TheftReportRaceTests
{
    private const int Calls = 24;

    [Fact]
    public async Task ManyReportsOfOneBikeAtOnce_OneIsStored_EveryOtherIsRefusedAsAlreadyReported()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        var channels = new[] { gateway.Channel(roles.Tokens["owner"]), gateway.Channel(gateway.AdminToken) };
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, Calls).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await new V1.Devices.DevicesClient(channels[i % 2]).ReportStolenAsync(
                    new ReportStolenRequest { DeviceId = Roles.BlueBike, PoliceReportNumber = $"AL-2026-{1100 + i}" });
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                return exception.StatusCode;
            }
        })).ToArray();
        go.SetResult();
        var outcomes = await Task.WhenAll(calls);

        Assert.Single(outcomes, s => s == StatusCode.OK);
        Assert.Equal(Calls - 1, outcomes.Count(s => s == StatusCode.AlreadyExists));
        var store = gateway.Services.GetRequiredService<IAlarmStore>();
        Assert.Single(store.LoadActiveThefts(), t => t.DeviceId == Roles.BlueBike);

        var owner = new V1.Devices.DevicesClient(channels[0]);
        await owner.ReportRecoveredAsync(new ReportRecoveredRequest { DeviceId = Roles.BlueBike });
        var recoveredTwice = await Assert.ThrowsAsync<RpcException>(async () =>
            await owner.ReportRecoveredAsync(new ReportRecoveredRequest { DeviceId = Roles.BlueBike }));
        Assert.Equal(StatusCode.FailedPrecondition, recoveredTwice.StatusCode);
        await owner.ReportStolenAsync(new ReportStolenRequest { DeviceId = Roles.BlueBike, PoliceReportNumber = "AL-2026-1200" });
        Assert.Equal("AL-2026-1200", Assert.Single(store.LoadActiveThefts(), t => t.DeviceId == Roles.BlueBike).PoliceReportNumber);
    }
}
