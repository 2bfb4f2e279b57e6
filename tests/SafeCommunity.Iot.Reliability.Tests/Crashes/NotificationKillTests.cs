using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.Reliability.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Reliability.Tests.Crashes;

/// <summary>
/// The gateway process killed (SIGKILL) while it delivers a notification: the notice was stored with its alarm event,
/// so the restarted gateway sends it again, the same bytes under the same idempotency key, and the family's receiver
/// accepts it once; nothing is sent a third time.
/// </summary>
public sealed class NotificationKillTests(ITestOutputHelper output) : BrokerBackedTest(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Gateway_KilledWhileDeliveringANotification_DeliversItAfterTheRestartOnce()
    {
        using var receiver = new LoopbackHttpReceiver();
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var familyRequests = 0;

        // The family's receiver holds its first request unanswered until the gateway that sent it is dead, then says
        // 503 to nobody; every later request is accepted (or, under a key it accepted, acknowledged and dropped).
        receiver.Respond = request =>
        {
            if (request.Path == "/wang" && Interlocked.Increment(ref familyRequests) == 1)
            {
                firstArrived.TrySetResult();
                release.Wait(Patience);
                return 503;
            }

            return 200;
        };

        using var gateway = new GatewayRig(Path.Combine(Work.Path, "gateway"), Broker.Port);
        await using var networkServer = new NetworkServerPublisher(Broker.Port);
        await gateway.StartAsync();
        var notifications = new Contracts.V1.Notifications.NotificationsClient(gateway.Channel()!);
        var family = await notifications.AddSubscriptionAsync(
            new AddSubscriptionRequest
            {
                Name = "Wang family", Channel = NotificationChannel.Webhook, Address = receiver.BaseUrl + "wang",
                Role = Role.Family, Principal = "household-wf-001",
            },
            gateway.Headers);
        await notifications.AddSubscriptionAsync(
            new AddSubscriptionRequest { Name = "bureau log", Channel = NotificationChannel.Webhook, Address = receiver.BaseUrl + "all" },
            gateway.Headers);

        using var publishing = new CancellationTokenSource(Patience);
        await networkServer.PublishAsync(WristbandTraffic.Uplink(WristbandTraffic.FirstWristband, 1, sos: true, 25.1001, 105.4691), publishing.Token);
        await firstArrived.Task.WaitAsync(Patience);
        gateway.Kill();
        release.Set();

        // After the restart: the family's notice again, and the bureau's log of it. Then a second gateway restart and
        // an SOS of another household, which only the bureau's log gets: delivered in due order, so once it is there,
        // anything still pending for the family would have gone before it.
        await gateway.StartAsync();
        await Waiting.UntilAsync(() => receiver.To("/wang").Count >= 2 && receiver.To("/all").Count >= 1, Patience, "the notices after the restart", () => gateway.Current.Log);
        gateway.Kill();
        await gateway.StartAsync();
        await networkServer.PublishAsync(WristbandTraffic.Uplink(WristbandTraffic.FirstWristband + 1, 1, sos: true, 25.1011, 105.4691), publishing.Token);
        await Waiting.UntilAsync(() => receiver.Accepted.Count(r => r.Path == "/all") >= 2, Patience, "the other household's SOS in the bureau's log", () => gateway.Current.Log);

        // The last process delivered the one notice it had (the other household's), and counted it.
        await Waiting.UntilAsync(async () => await gateway.Current.MetricAsync("safecomm_notifications_delivered_total", "") >= 1, Patience, "the delivery counted");
        Assert.Equal(1, await gateway.Current.MetricAsync("safecomm_notifications_delivered_total", ""));

        var requests = receiver.To("/wang");
        Assert.Equal(2, requests.Count);
        Assert.Equal([503, 200], requests.Select(r => r.Status));
        Assert.Single(requests.Select(r => r.Header(WebhookSender.IdempotencyKeyHeader)).Distinct());
        Assert.Single(requests.Select(r => Convert.ToHexString(r.Body)).Distinct());
        Assert.All(requests, r => Assert.Equal(WebhookSender.Sign(r.Body, family.WebhookSecret), r.Header(WebhookSender.SignatureHeader)));
        Assert.Single(receiver.Accepted, r => r.Path == "/wang");
        Assert.Equal(0, receiver.Duplicates);
        Assert.Equal(2, receiver.To("/all").Select(r => r.Header(WebhookSender.IdempotencyKeyHeader)).Distinct().Count());
        var restarted = new Contracts.V1.Notifications.NotificationsClient(gateway.Channel()!);
        Assert.Empty((await restarted.ListDeadLettersAsync(new ListDeadLettersRequest(), gateway.Headers)).DeadLetters);
    }
}
