using System.Text.Json;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.Notifications.Tests.Support;

namespace SafeCommunity.Iot.Notifications.Tests.Delivery;

/// <summary>
/// The scenarios end to end on real parts (<see cref="NotificationRig"/>): the engine, the committer's SQLite
/// transaction, the dispatcher, and real HTTP and SMTP servers on loopback. Time is a fake clock the test moves.
/// </summary>
public sealed class NotificationScenarioTests : IDisposable
{
    private readonly NotificationRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task ElderLeavesHerZone_TheFamilysWebhookGetsOneSignedRequestAndTheSmsGatewayOneRequest()
    {
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.WebhookUrl, principal: NotificationRig.Household);
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Sms, "+8613800000001", principal: NotificationRig.Household);

        var raised = _rig.Raise(NotificationRig.LeftSafeZone(_rig.Time.GetUtcNow()));
        Assert.Equal(2, await _rig.DeliverAsync());
        Assert.Equal(0, await _rig.DeliverAsync());

        var hook = Assert.Single(_rig.Http.To("/family-hook"));
        Assert.Equal(200, hook.Status);
        Assert.StartsWith("application/json", hook.ContentType, StringComparison.Ordinal);
        Assert.Equal(WebhookSender.Sign(hook.Body, NotificationRig.WebhookSecret), hook.Header(WebhookSender.SignatureHeader));
        Assert.Equal($"alarm-{raised.Alarm.Id}-event-{raised.Sequence}", hook.Header(WebhookSender.IdempotencyKeyHeader));
        using var json = JsonDocument.Parse(hook.Body);
        Assert.Equal("left-safe-zone", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(NotificationRig.ElderId, json.RootElement.GetProperty("deviceId").GetUInt32());
        Assert.Equal("王家小区安全区", json.RootElement.GetProperty("fence").GetString());

        var sms = Assert.Single(_rig.Http.To("/sms"));
        Assert.Equal("Bearer sms-provider-credential", sms.Header("Authorization"));
        using var smsJson = JsonDocument.Parse(sms.Body);
        Assert.Equal("+8613800000001", smsJson.RootElement.GetProperty("to").GetString());
        var text = smsJson.RootElement.GetProperty("text").GetString()!;
        Assert.InRange(text.Length, 1, OutboxNotification.MaxTextLength);
        Assert.Contains("王奶奶的手环", text, StringComparison.Ordinal);
        Assert.Contains("离开安全区", text, StringComparison.Ordinal);
        Assert.Contains("王家小区安全区", text, StringComparison.Ordinal);
        Assert.Contains("25.10101,105.46905", text, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationRig.WebhookSecret, text, StringComparison.Ordinal);
        Assert.All(_rig.Store.LoadForAlarm(raised.Alarm.Id), n => Assert.Equal(OutboxState.Delivered, n.State));
    }

    [Fact]
    public async Task TwoPeopleToldOfOneEventBySms_AreTwoMessagesAtTheProvider_EachWithItsOwnKey()
    {
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Sms, "+8613800000001", principal: NotificationRig.Household);
        _rig.Subscribe(AccessRole.Post, NotificationChannel.Sms, "+8613800000002", communities: [NotificationRig.Wufu]);
        var raised = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));
        Assert.Equal(2, await _rig.DeliverAsync());

        var sms = _rig.Http.To("/sms");
        Assert.Equal(2, _rig.Http.Accepted.Count);
        Assert.Equal(
            [$"alarm-{raised.Alarm.Id}-event-{raised.Sequence}.sub-1", $"alarm-{raised.Alarm.Id}-event-{raised.Sequence}.sub-2"],
            sms.Select(r => r.Header(WebhookSender.IdempotencyKeyHeader)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StolenBikeSighted_TheOwnerByEmailAndThePostOfTheCommunityWhereItWasSeenAreTold_NotAnotherPost()
    {
        _rig.Subscribe(AccessRole.Owner, NotificationChannel.Email, "li@example.cn", principal: NotificationRig.BikeOwner);
        _rig.Subscribe(AccessRole.Post, NotificationChannel.Webhook, _rig.Http.BaseUrl + "xinan-post", communities: ["xinan"]);
        _rig.Subscribe(AccessRole.Post, NotificationChannel.Webhook, _rig.Http.BaseUrl + "other-post", communities: ["dongfeng"]);

        // The household's family subscription sees wristbands, never the bike (a family token cannot see it either).
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.WebhookUrl, principal: NotificationRig.Household);

        var raised = _rig.Raise(NotificationRig.StolenBikeSighted(_rig.Time.GetUtcNow()));
        Assert.Equal(2, await _rig.DeliverAsync());

        var (recipients, message) = Assert.Single(_rig.Smtp.Messages);
        Assert.Equal(["li@example.cn"], recipients);
        Assert.Contains("被盗车辆出现", message.Subject, StringComparison.Ordinal);
        Assert.Contains("新安社区", message.TextBody, StringComparison.Ordinal);
        Assert.Equal($"alarm-{raised.Alarm.Id}-event-{raised.Sequence}.sub-1@safecommunity", message.MessageId);
        Assert.Single(_rig.Http.To("/xinan-post"));
        Assert.Empty(_rig.Http.To("/other-post"));
        Assert.Empty(_rig.Http.To("/family-hook"));
    }

    [Fact]
    public async Task AWebhookThatAnswers500ForTwoMinutesThen200_GetsTheNotificationExactlyOnce()
    {
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.WebhookUrl, principal: NotificationRig.Household);
        var failUntil = _rig.Time.GetUtcNow() + TimeSpan.FromMinutes(2);
        _rig.Http.Respond = _ => _rig.Time.GetUtcNow() < failUntil ? 500 : 200;
        var raised = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));

        // Deliver whatever is due, then jump the clock to the next due time, until nothing is pending.
        var passes = 0;
        while (_rig.Store.NextDueAt() is { } next && passes++ < 50)
        {
            if (next > _rig.Time.GetUtcNow())
            {
                _rig.Time.SetUtcNow(next);
            }

            await _rig.DeliverAsync();
        }

        var requests = _rig.Http.To("/family-hook");
        Assert.True(requests.Count > 2, $"expected several attempts, got {requests.Count}");
        Assert.All(requests.Take(requests.Count - 1), r => Assert.Equal(500, r.Status));
        Assert.Equal(200, requests[^1].Status);
        Assert.Single(_rig.Http.Accepted);
        Assert.Single(requests.Select(r => r.Header(WebhookSender.IdempotencyKeyHeader)).Distinct());
        Assert.Single(requests.Select(r => Convert.ToHexString(r.Body)).Distinct());

        var stored = Assert.Single(_rig.Store.LoadForAlarm(raised.Alarm.Id));
        Assert.Equal(OutboxState.Delivered, stored.State);
        Assert.Equal(requests.Count, stored.Attempts);

        // The waits between attempts grew: 10 s, 20 s, 40 s, then the 1-minute cap.
        Assert.Equal(TimeSpan.FromSeconds(10), _rig.Dispatcher.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(40), _rig.Dispatcher.Backoff(3));
        Assert.Equal(TimeSpan.FromMinutes(1), _rig.Dispatcher.Backoff(7));
    }

    [Fact]
    public async Task RestartBetweenCommitAndDelivery_TheNotificationIsDeliveredAfterTheRestartOnce()
    {
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.WebhookUrl, principal: NotificationRig.Household);
        _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));

        // Nothing was delivered before the "crash": the commit stored the event and its notice, and the process went.
        _rig.Restart();
        Assert.Equal(1, await _rig.DeliverAsync());
        _rig.Restart();
        Assert.Equal(0, await _rig.DeliverAsync());

        var request = Assert.Single(_rig.Http.To("/family-hook"));
        Assert.Equal(WebhookSender.Sign(request.Body, NotificationRig.WebhookSecret), request.Header(WebhookSender.SignatureHeader));
    }

    [Fact]
    public async Task QuietHours_HoldBackALowBatteryNoteUntilTheyEnd_ButNotAnSos()
    {
        // 22:00-09:00 Anlong time; the rig's clock starts at 08:35 there.
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(9, 0), "Asia/Shanghai");
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.WebhookUrl, principal: NotificationRig.Household, quiet: quiet);

        var battery = _rig.Raise(NotificationRig.LowBattery(_rig.Time.GetUtcNow()));
        var sos = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));
        Assert.Equal(1, await _rig.DeliverAsync());
        var first = Assert.Single(_rig.Http.To("/family-hook"));
        Assert.Equal($"alarm-{sos.Alarm.Id}-event-{sos.Sequence}", first.Header(WebhookSender.IdempotencyKeyHeader));

        var held = Assert.Single(_rig.Store.LoadForAlarm(battery.Alarm.Id));
        Assert.Equal(OutboxState.Pending, held.State);
        Assert.Equal(NotificationRig.T0 + TimeSpan.FromMinutes(25), held.Notification.DueAt);

        _rig.Time.Advance(TimeSpan.FromMinutes(24));
        Assert.Equal(0, await _rig.DeliverAsync());
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _rig.DeliverAsync());
        Assert.Equal(
            $"alarm-{battery.Alarm.Id}-event-{battery.Sequence}",
            _rig.Http.To("/family-hook")[^1].Header(WebhookSender.IdempotencyKeyHeader));
    }

    [Fact]
    public async Task AnUnacknowledgedCriticalAlarm_GoesToTheDutyOfficerAfterTheSetMinutesAndThenTheBureau()
    {
        SubscribeEscalation();
        var raised = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));
        Assert.Empty(_rig.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await _rig.DeliverAsync());

        var escalated = Assert.Single(_rig.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(raised.Alarm.Id, escalated.Alarm.Id);
        Assert.Equal(1, await _rig.DeliverAsync());
        var duty = Assert.Single(_rig.Http.To("/duty"));
        Assert.Contains("duty-officer", duty.Text, StringComparison.Ordinal);

        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await _rig.DeliverAsync());
        var bureau = Assert.Single(_rig.Http.To("/bureau"));
        Assert.Contains("\"level\":\"bureau\"", bureau.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgingAnEscalatedAlarm_StopsTheBureausStep()
    {
        SubscribeEscalation();
        var raised = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));
        Assert.Single(_rig.Advance(TimeSpan.FromMinutes(2)));
        Assert.Equal(1, await _rig.DeliverAsync());

        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        _rig.Acknowledge(raised.Alarm.Id);
        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await _rig.DeliverAsync());

        Assert.Single(_rig.Http.To("/duty"));
        Assert.Empty(_rig.Http.To("/bureau"));
        var bureauStep = Assert.Single(_rig.Store.LoadForAlarm(raised.Alarm.Id), n => n.Notification.Level == NotificationLevel.Bureau);
        Assert.Equal(OutboxState.Stopped, bureauStep.State);
    }

    [Fact]
    public async Task AnAlarmAcknowledgedInTime_IsNeverEscalated()
    {
        SubscribeEscalation();
        var raised = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        _rig.Acknowledge(raised.Alarm.Id);
        Assert.Empty(_rig.Advance(TimeSpan.FromMinutes(20)));
        Assert.Equal(0, await _rig.DeliverAsync());
        Assert.Empty(_rig.Http.Requests);
    }

    [Fact]
    public async Task AWebhookThatRefuses_IsADeadLetterAtOnce_AndOneThatNeverRecovers_AfterTheGiveUpTime()
    {
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.Http.BaseUrl + "gone", principal: NotificationRig.Household);
        _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.Http.BaseUrl + "down", principal: NotificationRig.Household);
        _rig.Http.Respond = request => request.Path == "/gone" ? 404 : 503;
        var raised = _rig.Raise(NotificationRig.Sos(_rig.Time.GetUtcNow()));

        var passes = 0;
        while (_rig.Store.NextDueAt() is { } next && passes++ < 100)
        {
            if (next > _rig.Time.GetUtcNow())
            {
                _rig.Time.SetUtcNow(next);
            }

            await _rig.DeliverAsync();
        }

        Assert.Single(_rig.Http.To("/gone"));
        Assert.True(_rig.Http.To("/down").Count > 5);
        var dead = _rig.Store.LoadDeadLetters(10);
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.Equal(OutboxState.Dead, d.State));
        Assert.Contains(dead, d => d.LastError!.Contains("404", StringComparison.Ordinal) && d.Attempts == 1);
        var gaveUp = Assert.Single(dead, d => d.LastError!.Contains("503", StringComparison.Ordinal));
        Assert.True(gaveUp.FinishedAt - gaveUp.FirstDueAt >= _rig.Options.GiveUpAfter);
        Assert.All(_rig.Store.LoadForAlarm(raised.Alarm.Id), n => Assert.Equal(OutboxState.Dead, n.State));
    }

    [Fact]
    public async Task AnEmailToAMailboxTheServerRejects_IsADeadLetterWithTheServersAnswer()
    {
        _rig.Smtp.RejectRecipients = true;
        _rig.Subscribe(AccessRole.Owner, NotificationChannel.Email, "nobody@example.cn", principal: NotificationRig.BikeOwner);
        _rig.Raise(NotificationRig.StolenBikeSighted(_rig.Time.GetUtcNow()));
        Assert.Equal(1, await _rig.DeliverAsync());

        var dead = Assert.Single(_rig.Store.LoadDeadLetters(10));
        Assert.Contains("SMTP 550", dead.LastError, StringComparison.Ordinal);
        Assert.Empty(_rig.Smtp.Messages);
    }

    [Fact]
    public async Task ARemovedSubscription_IsNotToldWhatWasPendingForIt()
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(9, 0), "Asia/Shanghai");
        var subscription = _rig.Subscribe(AccessRole.Family, NotificationChannel.Webhook, _rig.WebhookUrl, principal: NotificationRig.Household, quiet: quiet);
        var battery = _rig.Raise(NotificationRig.LowBattery(_rig.Time.GetUtcNow()));
        Assert.True(_rig.Book.Remove(subscription.Id, _rig.Time.GetUtcNow()));
        _rig.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await _rig.DeliverAsync());
        Assert.Empty(_rig.Http.Requests);
        Assert.Equal(OutboxState.Stopped, Assert.Single(_rig.Store.LoadForAlarm(battery.Alarm.Id)).State);
        Assert.False(_rig.Book.Remove(subscription.Id, _rig.Time.GetUtcNow()));
    }

    private void SubscribeEscalation()
    {
        _rig.Subscribe(AccessRole.Post, NotificationChannel.Webhook, _rig.Http.BaseUrl + "duty", communities: [NotificationRig.Wufu], level: NotificationLevel.DutyOfficer);
        _rig.Subscribe(AccessRole.Admin, NotificationChannel.Webhook, _rig.Http.BaseUrl + "bureau", level: NotificationLevel.Bureau);
    }
}
