using System.Text.Json;
using Grpc.Core;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Notifications;

/// <summary>
/// Subscriptions through the API of the real gateway, and their notices from real frames to a real HTTP receiver on
/// loopback: the whole path, pipeline, commit, outbox and delivery service included.
/// </summary>
public sealed class NotificationsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AFamilysWebhook_GetsItsGrandmothersSosSignedAndOnce_AndNothingOfAnotherHousehold()
    {
        using var data = new TempDirectory();
        using var receiver = new LoopbackHttpReceiver();

        // The receiver is on loopback, which families may not point at unless the operator allows it.
        await using var gateway = new ApiGateway(data.Path, ("Notifications:AllowPrivateWebhooks", "true"));
        var roles = await Roles.CreateAsync(gateway);
        var family = new V1.Notifications.NotificationsClient(gateway.Channel(roles.Tokens["family"]));
        var post = new V1.Notifications.NotificationsClient(gateway.Channel(roles.Tokens["post-wufu"]));
        var added = await family.AddSubscriptionAsync(new AddSubscriptionRequest
        {
            Name = "daughter's server", Channel = NotificationChannel.Webhook, Address = receiver.BaseUrl + "wang", Language = "en",
        });
        Assert.Equal(Role.Family, added.Subscription.Role);
        Assert.Equal("household-wf-001", added.Subscription.Principal);
        Assert.Equal(64, added.WebhookSecret.Length);
        await post.AddSubscriptionAsync(new AddSubscriptionRequest { Name = "Wufu room", Channel = NotificationChannel.Webhook, Address = receiver.BaseUrl + "wufu" });

        await gateway.SendAsync(Frames.Sos(Roles.GrandmaWang, 1));
        await gateway.SendAsync(Frames.Sos(Roles.GrandpaLi, 1));

        // The post is told of both, in order, by the one delivery service: once it has Li's, Wang's went out before.
        await Waiting.UntilAsync(() => receiver.To("/wufu").Count >= 2, Patience, "the post's two notices");
        var request = Assert.Single(receiver.To("/wang"));
        Assert.Equal(WebhookSender.Sign(request.Body, added.WebhookSecret), request.Header(WebhookSender.SignatureHeader));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(Roles.GrandmaWang, json.RootElement.GetProperty("deviceId").GetUInt32());
        Assert.Equal("sos", json.RootElement.GetProperty("kind").GetString());
        Assert.Contains("pressed SOS", json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(request.Header(WebhookSender.IdempotencyKeyHeader), json.RootElement.GetProperty("idempotencyKey").GetString());
        Assert.Equal(0, receiver.Duplicates);
        Assert.Empty((await family.ListDeadLettersAsync(new ListDeadLettersRequest())).DeadLetters);
    }

    [Fact]
    public async Task AWebhookIntoThePrivateNetwork_IsRefusedToAFamilyAndAPost_ButNotToAnAdministrator()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        foreach (var (role, address) in new[]
        {
            ("family", "http://127.0.0.1:5080/api/v1/whoami"), ("family", "http://localhost/x"), ("post-wufu", "http://10.1.2.3/x"),
            ("owner", "http://192.168.1.1/x"), ("family", "http://169.254.169.254/latest/meta-data"), ("family", "http://[::1]/x"),
        })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await new V1.Notifications.NotificationsClient(gateway.Channel(roles.Tokens[role])).AddSubscriptionAsync(
                    new AddSubscriptionRequest { Name = "x", Channel = NotificationChannel.Webhook, Address = address }));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains("private", refused.Status.Detail, StringComparison.Ordinal);
        }

        await new V1.Notifications.NotificationsClient(gateway.Channel(roles.Tokens["family"])).AddSubscriptionAsync(
            new AddSubscriptionRequest { Name = "public", Channel = NotificationChannel.Webhook, Address = "https://wang.example.cn/hook" });
        await new V1.Notifications.NotificationsClient(gateway.Channel(roles.Tokens["admin"])).AddSubscriptionAsync(
            new AddSubscriptionRequest { Name = "command room", Channel = NotificationChannel.Webhook, Address = "http://10.1.2.3/hook" });
    }

    [Fact]
    public async Task Subscriptions_AreListedAndRemovedOnlyWithinTheTokensScope()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path, ("Notifications:AllowPrivateWebhooks", "true"));
        var roles = await Roles.CreateAsync(gateway);
        V1.Notifications.NotificationsClient Client(string role) => new(gateway.Channel(roles.Tokens[role]));
        var familyHook = await Client("family").AddSubscriptionAsync(new AddSubscriptionRequest
        {
            Name = "family", Channel = NotificationChannel.Webhook, Address = "http://127.0.0.1:9/a", DeviceIds = { Roles.GrandmaWang },
            Kinds = { AlarmKind.Sos }, QuietFrom = "22:00", QuietUntil = "07:00",
        });
        await Client("post-tiangu").AddSubscriptionAsync(new AddSubscriptionRequest
        {
            Name = "tiangu duty", Channel = NotificationChannel.Webhook, Address = "http://127.0.0.1:9/b", Level = NotificationLevel.DutyOfficer,
        });

        Assert.Equal(["family"], (await Client("family").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions.Select(s => s.Name));
        Assert.Equal(["tiangu duty"], (await Client("post-tiangu").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions.Select(s => s.Name));
        Assert.Empty((await Client("post-wufu").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
        Assert.Empty((await Client("owner").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
        Assert.Equal(2, (await Client("admin").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions.Count);
        var listed = Assert.Single((await Client("family").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
        Assert.Equal(("22:00", "07:00", "Asia/Shanghai"), (listed.QuietFrom, listed.QuietUntil, listed.QuietTimeZone));

        var notFound = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client("owner").RemoveSubscriptionAsync(new RemoveSubscriptionRequest { SubscriptionId = familyHook.Subscription.Id }));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        var sms = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client("family").AddSubscriptionAsync(new AddSubscriptionRequest { Name = "sms", Channel = NotificationChannel.Sms, Address = "+8613800000001" }));
        Assert.Equal(StatusCode.InvalidArgument, sms.StatusCode);
        Assert.Contains("Notifications:Sms:Url", sms.Status.Detail, StringComparison.Ordinal);

        await Client("family").RemoveSubscriptionAsync(new RemoveSubscriptionRequest { SubscriptionId = familyHook.Subscription.Id });
        Assert.Empty((await Client("family").ListSubscriptionsAsync(new ListSubscriptionsRequest())).Subscriptions);
    }
}
