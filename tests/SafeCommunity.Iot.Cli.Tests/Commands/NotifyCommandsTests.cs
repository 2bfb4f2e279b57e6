using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Commands;

/// <summary>safecomm notify list, add, remove and dead-letters.</summary>
public sealed class NotifyCommandsTests : IAsyncLifetime
{
    private FakeGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await FakeGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Add_SendsEveryOptionAndPrintsTheSecretOnce()
    {
        _gateway.Notifications.Unary.On<AddSubscriptionRequest, AddSubscriptionResponse>("AddSubscription", request => new AddSubscriptionResponse
        {
            Subscription = new Subscription
            {
                Id = "sub-1", Name = request.Name, Role = Role.Family, Principal = "household-wf-001", Channel = request.Channel,
                Address = request.Address, Level = NotificationLevel.Watcher, Language = "zh-CN", QuietFrom = "22:00", QuietUntil = "07:00",
                QuietTimeZone = "Asia/Shanghai", Kinds = { request.Kinds },
            },
            WebhookSecret = "0123abcd",
        });
        var console = new TestConsole(_gateway);

        var exit = await console.RunAsync(
            "notify", "add", "--name", "daughter", "--channel", "webhook", "--address", "https://wang.example.cn/hook",
            "--device", "570425345", "--kind", "sos", "--kind", "left-safe-zone", "--min-severity", "high", "--quiet", "22:00-07:00");

        Assert.Equal(ExitCodes.Success, exit);
        var sent = _gateway.Notifications.Unary.Last<AddSubscriptionRequest>();
        Assert.Equal(NotificationChannel.Webhook, sent.Channel);
        Assert.Equal([570425345u], sent.DeviceIds);
        Assert.Equal([AlarmKind.Sos, AlarmKind.LeftSafeZone], sent.Kinds);
        Assert.Equal(AlarmSeverity.High, sent.MinSeverity);
        Assert.Equal(("22:00", "07:00"), (sent.QuietFrom, sent.QuietUntil));
        Assert.Contains("0123abcd", console.Output, StringComparison.Ordinal);
        Assert.Contains("household household-wf-001", console.Output, StringComparison.Ordinal);
        Assert.Contains("not shown again", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_QuietHoursNotAWindow_IsAUsageErrorWithoutACall()
    {
        var console = new TestConsole(_gateway);
        var exit = await console.RunAsync("notify", "add", "--name", "x", "--channel", "sms", "--address", "+8613800000001", "--quiet", "22-7");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("HH:mm-HH:mm", console.Errors, StringComparison.Ordinal);
        Assert.Empty(_gateway.Notifications.Unary.All<AddSubscriptionRequest>());
    }

    [Fact]
    public async Task Add_ADeviceTheTokenMayNotSee_ExitsWithTheGatewaysAnswer()
    {
        _gateway.Notifications.Unary.Fail("AddSubscription", StatusCode.NotFound, "device 285212673 does not exist or is not visible to this token.");
        var console = new TestConsole(_gateway);
        var exit = await console.RunAsync("notify", "add", "--name", "x", "--channel", "webhook", "--address", "https://a.example/h", "--device", "285212673");
        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains("not visible to this token", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndDeadLetters_ShowScopeAndWhy()
    {
        _gateway.Notifications.Unary.On<ListSubscriptionsRequest, ListSubscriptionsResponse>("ListSubscriptions", _ => new ListSubscriptionsResponse
        {
            Subscriptions =
            {
                new Subscription
                {
                    Id = "sub-2", Name = "Wufu duty", Role = Role.Post, CommunityIds = { "wufu" }, Level = NotificationLevel.DutyOfficer,
                    Channel = NotificationChannel.Sms, Address = "+8613800000002", Language = "zh-CN", MinSeverity = AlarmSeverity.Critical,
                },
            },
        });
        _gateway.Notifications.Unary.On<ListDeadLettersRequest, ListDeadLettersResponse>("ListDeadLetters", _ => new ListDeadLettersResponse
        {
            DeadLetters =
            {
                new DeadLetter
                {
                    Id = 9, SubscriptionId = "sub-2", AlarmId = 7, Sequence = 42, Channel = NotificationChannel.Sms, Attempts = 12,
                    LastError = "not accepted within 1.00:00:00; last: HTTP 503 ServiceUnavailable",
                    GivenUpAt = Timestamp.FromDateTimeOffset(TestConsole.Now.AddMinutes(-5)),
                },
            },
        });
        var console = new TestConsole(_gateway);

        Assert.Equal(ExitCodes.Success, await console.RunAsync("notify", "list"));
        Assert.Contains("communities wufu", console.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("duty-officer", console.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("critical and above", console.OutputLines[1], StringComparison.Ordinal);

        var letters = new TestConsole(_gateway);
        Assert.Equal(ExitCodes.Success, await letters.RunAsync("notify", "dead-letters", "--limit", "10"));
        Assert.Equal(10, _gateway.Notifications.Unary.Last<ListDeadLettersRequest>().Limit);
        Assert.Contains("HTTP 503", letters.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("sub-2", letters.OutputLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_NamesTheSubscription()
    {
        _gateway.Notifications.Unary.On<RemoveSubscriptionRequest, RemoveSubscriptionResponse>("RemoveSubscription", _ => new RemoveSubscriptionResponse());
        var console = new TestConsole(_gateway);
        Assert.Equal(ExitCodes.Success, await console.RunAsync("notify", "remove", "sub-1"));
        Assert.Equal("sub-1", _gateway.Notifications.Unary.Last<RemoveSubscriptionRequest>().SubscriptionId);
        Assert.Equal("subscription sub-1 removed", console.OutputLines.Single());
    }
}
