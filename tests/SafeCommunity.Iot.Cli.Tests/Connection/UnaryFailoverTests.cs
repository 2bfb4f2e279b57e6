using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Connection;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Cli.Tests.Connection;

/// <summary>
/// One-shot commands given several addresses: an address that cannot be reached is passed over for the next one;
/// a read also moves on when a gateway answers UNAVAILABLE, a write never does (it may have taken effect).
/// </summary>
public sealed class UnaryFailoverTests : TwoGatewaysTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var gateway in new[] { First, Second })
        {
            var name = gateway == First ? "first" : "second";
            gateway.Administration.Unary.On<WhoAmIRequest, TokenInfo>("WhoAmI", _ => new TokenInfo { Id = "t-1", Name = $"Wufu police room ({name})", Role = Role.Post });
            gateway.Alarms.Unary.On<AcknowledgeAlarmRequest, AlarmChangeResponse>("Acknowledge", request => new AlarmChangeResponse
            {
                Alarm = Samples.Alarm(request.AlarmId),
                Event = new AlarmEvent { Sequence = 57, Type = AlarmEventType.Acknowledged, Actor = "Wufu police room", At = Timestamp.FromDateTimeOffset(Samples.EventTime) },
            });
        }
    }

    [Fact]
    public async Task Read_FirstAddressUnreachable_IsAnsweredByTheNextWithANotice()
    {
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        var console = new TestConsole(files: Files);

        var exit = await console.RunAsync("whoami", "--gateway", $"{dead},{Second.Address}");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Wufu police room (second)", console.Output, StringComparison.Ordinal);
        Assert.StartsWith($"safecomm: gateway unreachable at {dead}: ", console.Errors, StringComparison.Ordinal);
        Assert.Contains($"; trying {Show(Second)}", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_FirstAddressUnreachable_IsSentToTheNextBecauseItNeverLeft()
    {
        var console = new TestConsole(files: Files);

        var exit = await console.RunAsync("alarms", "ack", "12", "--gateway", $"http://127.0.0.1:{FreePort.Next()},{Second.Address}");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(12, Second.Alarms.Unary.Last<AcknowledgeAlarmRequest>().AlarmId);
        Assert.StartsWith("alarm 12 acknowledged by Wufu police room", console.OutputLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_GatewayAnswersUnavailable_IsNotSentAgainElsewhere()
    {
        First.Alarms.Unary.Fail("Acknowledge", StatusCode.Unavailable, "store unavailable");
        var console = new TestConsole(files: Files);

        var exit = await console.RunAsync("alarms", "ack", "12", "--gateway", $"{First.Address},{Second.Address}");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("cannot acknowledge alarm 12: the gateway is unavailable: store unavailable", console.Errors, StringComparison.Ordinal);
        Assert.Single(First.Alarms.Unary.All<AcknowledgeAlarmRequest>());
        Assert.Empty(Second.Alarms.Unary.All<AcknowledgeAlarmRequest>());
    }

    [Fact]
    public async Task Read_GatewayAnswersUnavailable_IsAskedOfTheNext()
    {
        First.Administration.Unary.Fail("WhoAmI", StatusCode.Unavailable, "shutting down");
        var console = new TestConsole(files: Files);

        var exit = await console.RunAsync("whoami", "--gateway", $"{First.Address},{Second.Address}");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Wufu police room (second)", console.Output, StringComparison.Ordinal);
        Assert.Contains($"the gateway at {Show(First)} is unavailable (UNAVAILABLE: shutting down); trying {Show(Second)}", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAddressUnreachable_ExitsThreeNamingTheLastAfterTryingEachOnce()
    {
        var first = $"http://127.0.0.1:{FreePort.Next()}";
        var second = $"http://127.0.0.1:{FreePort.Next()}";
        var console = new TestConsole(files: Files);

        var exit = await console.RunAsync("whoami", "--gateway", $"{first},{second}");

        Assert.Equal(ExitCodes.Unreachable, exit);
        var lines = console.Errors.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"safecomm: gateway unreachable at {first}: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"safecomm: gateway unreachable at {second}: ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCalls_AreTheCallsThatChangeNothing()
    {
        Assert.True(ReadCalls.Contains("/safecommunity.v1.Alarms/List"));
        Assert.True(ReadCalls.Contains("/safecommunity.v1.Administration/WhoAmI"));
        Assert.False(ReadCalls.Contains("/safecommunity.v1.Alarms/Acknowledge"));
        Assert.False(ReadCalls.Contains("/safecommunity.v1.Alarms/Resolve"));
        Assert.False(ReadCalls.Contains("/safecommunity.v1.Devices/SendCommand"));
    }

    private static string Show(FakeGateway gateway) => gateway.Address.GetLeftPart(UriPartial.Authority);
}
