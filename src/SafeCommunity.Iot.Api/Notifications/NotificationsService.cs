using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Notifications.Hosting;
using SafeCommunity.Iot.Notifications.Planning;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Notifications;

/// <summary>
/// The <c>Notifications</c> service. A subscription is made in the caller's own scope and never wider: a family for
/// its household's wristbands, an owner for its bikes, a post for its communities (and as their duty officer), an
/// administrator for any scope and level (the bureau). A device it names must be one the caller may see.
/// </summary>
internal sealed class NotificationsService : V1.Notifications.NotificationsBase
{
    private const int MaxDeadLetters = 500;

    private readonly SubscriptionBook _book;
    private readonly INotificationStore _store;
    private readonly DeviceRegistry _registry;
    private readonly NotificationOptions _options;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public NotificationsService(
        SubscriptionBook book,
        INotificationStore store,
        DeviceRegistry registry,
        IOptions<NotificationOptions> options,
        AuditTrail audit,
        TimeProvider time)
    {
        _book = book;
        _store = store;
        _registry = registry;
        _options = options.Value;
        _audit = audit;
        _time = time;
    }

    public override Task<V1.ListSubscriptionsResponse> ListSubscriptions(V1.ListSubscriptionsRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var response = new V1.ListSubscriptionsResponse();
        response.Subscriptions.AddRange(_book.Current.Where(s => Covers(caller, s)).Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<V1.AddSubscriptionResponse> AddSubscription(V1.AddSubscriptionRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var name = RequestChecks.Text(request.Name, "name", 200);
        var channel = (NotificationChannel)(int)RequestChecks.Defined(request.Channel, "channel");
        var address = request.Address.Trim();
        if (SubscriptionRules.AddressProblem(channel, address, _options, allowPrivate: caller.IsAdmin || _options.AllowPrivateWebhooks) is { } problem)
        {
            throw ApiErrors.Invalid("address", problem + ".");
        }

        var level = request.Level == V1.NotificationLevel.Unspecified
            ? NotificationLevel.Watcher
            : (NotificationLevel)(int)RequestChecks.Defined(request.Level, "level");
        var subscription = new NotificationSubscription
        {
            Id = SubscriptionRules.NewId(),
            Name = name,
            Role = caller.Role,
            Channel = channel,
            Address = address,
            Level = level,
            MinSeverity = request.MinSeverity == V1.AlarmSeverity.Unspecified
                ? AlarmSeverity.Low
                : (AlarmSeverity)(int)RequestChecks.Defined(request.MinSeverity, "min_severity"),
            Kinds = [.. request.Kinds.Select(k => (AlarmKind)(int)RequestChecks.Defined(k, "kinds")).Distinct()],
            QuietHours = Quiet(request),
            Language = Language(request.Language),
            Secret = channel == NotificationChannel.Webhook ? SubscriptionRules.NewSecret() : null,
            CreatedBy = caller.Token.Id,
            CreatedAt = _time.GetUtcNow(),
        };
        subscription = InScope(caller, request, subscription);
        subscription = subscription with { DeviceIds = Devices(caller, request, subscription) };

        _book.Add(subscription);
        _audit.Record(caller, AuditActions.NotificationChange, Target(subscription.Id),
            $"added {subscription.Channel} subscription '{name}' at level {subscription.Level}");
        return Task.FromResult(new V1.AddSubscriptionResponse { Subscription = ToProto(subscription), WebhookSecret = subscription.Secret ?? string.Empty });
    }

    public override Task<V1.RemoveSubscriptionResponse> RemoveSubscription(V1.RemoveSubscriptionRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = RequestChecks.Text(request.SubscriptionId, "subscription_id", 64);
        if (_book.Find(id) is not { } subscription || !Covers(caller, subscription) || !_book.Remove(id, _time.GetUtcNow()))
        {
            throw ApiErrors.NotFound(Target(id));
        }

        _audit.Record(caller, AuditActions.NotificationChange, Target(id), "removed");
        return Task.FromResult(new V1.RemoveSubscriptionResponse());
    }

    public override Task<V1.ListDeadLettersResponse> ListDeadLetters(V1.ListDeadLettersRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (request.Limit is < 0 or > MaxDeadLetters)
        {
            throw ApiErrors.Invalid("limit", $"must be between 1 and {MaxDeadLetters} (0: 100).");
        }

        // Read more than asked when filtering, so that a post does not get an empty page from others' failures.
        var limit = request.Limit == 0 ? 100 : request.Limit;
        var letters = _store.LoadDeadLetters(caller.IsAdmin ? limit : MaxDeadLetters)
            .Where(d => caller.IsAdmin || (_book.Find(d.Notification.SubscriptionId) is { } s && Covers(caller, s)))
            .Take(limit);
        var response = new V1.ListDeadLettersResponse();
        response.DeadLetters.AddRange(letters.Select(d => new V1.DeadLetter
        {
            Id = d.Id,
            SubscriptionId = d.Notification.SubscriptionId,
            AlarmId = d.Notification.AlarmId,
            Sequence = d.Notification.Sequence,
            Level = (V1.NotificationLevel)(int)d.Notification.Level,
            Channel = (V1.NotificationChannel)(int)d.Notification.Channel,
            Text = d.Notification.Text,
            Attempts = d.Attempts,
            LastError = d.LastError ?? string.Empty,
            FirstDueAt = d.FirstDueAt.ToProto(),
            GivenUpAt = d.FinishedAt.ToProto(),
        }));
        return Task.FromResult(response);
    }

    /// <summary>Whether <paramref name="subscription"/> lies within what <paramref name="caller"/> covers.</summary>
    private static bool Covers(Caller caller, NotificationSubscription subscription) => caller.Role switch
    {
        AccessRole.Admin => true,
        AccessRole.Post => subscription.Role == AccessRole.Post && subscription.CommunityIds.All(caller.CoversCommunity),
        AccessRole.Family or AccessRole.Owner => subscription.Role == caller.Role
            && string.Equals(subscription.Principal, caller.Token.Principal, StringComparison.Ordinal),
        _ => false,
    };

    private static string Target(string id) => $"subscription {id}";

    private NotificationSubscription InScope(Caller caller, V1.AddSubscriptionRequest request, NotificationSubscription subscription)
    {
        var communities = request.CommunityIds.Select(c => RequestChecks.Text(c, "community_ids", 128)).Distinct(StringComparer.Ordinal).ToList();
        var principal = RequestChecks.Text(request.Principal, "principal", 200, optional: true);
        if (!caller.IsAdmin)
        {
            // Everyone else subscribes as themselves: the token's role and principal, its communities or some of them.
            if ((request.Role != V1.Role.Unspecified && (AccessRole)(int)request.Role != caller.Role)
                || (principal.Length > 0 && !string.Equals(principal, caller.Token.Principal, StringComparison.Ordinal)))
            {
                throw ApiErrors.Denied("subscribe in another role or for another household or owner");
            }

            if (communities.FirstOrDefault(c => !caller.CoversCommunity(c)) is { } foreign)
            {
                throw ApiErrors.Denied($"subscribe to community {foreign}");
            }

            var allowed = caller.Role == AccessRole.Post ? NotificationLevel.DutyOfficer : NotificationLevel.Watcher;
            if (subscription.Level > allowed)
            {
                throw ApiErrors.Denied($"subscribe at level {subscription.Level}");
            }

            return subscription with
            {
                Principal = caller.Token.Principal,
                CommunityIds = caller.Role == AccessRole.Post ? (communities.Count > 0 ? communities : [.. caller.Token.CommunityIds]) : [],
            };
        }

        var role = request.Role == V1.Role.Unspecified ? AccessRole.Admin : (AccessRole)(int)RequestChecks.Defined(request.Role, "role");
        switch (role)
        {
            case AccessRole.Post when communities.Count == 0:
                throw ApiErrors.Invalid("community_ids", "a post's subscription covers at least one community.");
            case AccessRole.Post when communities.FirstOrDefault(c => !_registry.TryGetCommunity(c, out _)) is { } unknown:
                throw ApiErrors.Invalid("community_ids", $"community '{unknown}' is not enrolled.");
            case AccessRole.Family or AccessRole.Owner when principal.Length == 0:
                throw ApiErrors.Invalid("principal", "a family or owner subscription names its household or owner.");
            case not AccessRole.Post when communities.Count > 0:
                throw ApiErrors.Invalid("community_ids", "only a post's subscription covers communities.");
            case AccessRole.Admin or AccessRole.Post when principal.Length > 0:
                throw ApiErrors.Invalid("principal", "only family and owner subscriptions name a principal.");
            default:
                return subscription with { Role = role, Principal = principal.Length == 0 ? null : principal, CommunityIds = communities };
        }
    }

    private uint[] Devices(Caller caller, V1.AddSubscriptionRequest request, NotificationSubscription subscription)
    {
        var devices = new List<uint>();
        foreach (var id in request.DeviceIds.Distinct())
        {
            // The caller must see it (NOT_FOUND otherwise, as everywhere), and the subscription's scope must hold it.
            var device = _registry.VisibleDevice(caller, id);
            if (!SubscriptionScope.Sees(subscription, device))
            {
                throw ApiErrors.Invalid("device_ids", $"device {device.Id} is outside the subscription's scope.");
            }

            devices.Add(device.Id);
        }

        return [.. devices];
    }

    private static QuietHours? Quiet(V1.AddSubscriptionRequest request)
    {
        if (request.QuietFrom.Length == 0 && request.QuietUntil.Length == 0)
        {
            return null;
        }

        var from = Time(request.QuietFrom, "quiet_from");
        var until = Time(request.QuietUntil, "quiet_until");
        var zone = request.QuietTimeZone.Length == 0 ? Community.DefaultTimeZone : request.QuietTimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw ApiErrors.Invalid("quiet_time_zone", $"'{zone}' is not a time zone this gateway knows (IANA, for example Asia/Shanghai).");
        }

        return new QuietHours(from, until, zone);
    }

    private static TimeOnly Time(string value, string field) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw ApiErrors.Invalid(field, "must be a local time as HH:mm (quiet_from and quiet_until go together).");

    private static string Language(string value) =>
        value.Length == 0 ? NotificationLanguages.Chinese
        : NotificationLanguages.IsKnown(value) ? value
        : throw ApiErrors.Invalid("language", "must be zh-CN or en.");

    private static V1.Subscription ToProto(NotificationSubscription subscription)
    {
        var proto = new V1.Subscription
        {
            Id = subscription.Id,
            Name = subscription.Name,
            Role = (V1.Role)(int)subscription.Role,
            Principal = subscription.Principal ?? string.Empty,
            MinSeverity = (V1.AlarmSeverity)(int)subscription.MinSeverity,
            Level = (V1.NotificationLevel)(int)subscription.Level,
            Language = subscription.Language,
            Channel = (V1.NotificationChannel)(int)subscription.Channel,
            Address = subscription.Address,
            CreatedBy = subscription.CreatedBy,
            CreatedAt = subscription.CreatedAt.ToProto(),
        };
        proto.CommunityIds.AddRange(subscription.CommunityIds);
        proto.DeviceIds.AddRange(subscription.DeviceIds);
        proto.Kinds.AddRange(subscription.Kinds.Select(k => (V1.AlarmKind)(int)k));
        if (subscription.QuietHours is { } quiet)
        {
            proto.QuietFrom = quiet.From.ToString("HH:mm", CultureInfo.InvariantCulture);
            proto.QuietUntil = quiet.Until.ToString("HH:mm", CultureInfo.InvariantCulture);
            proto.QuietTimeZone = quiet.TimeZoneId;
        }

        return proto;
    }
}
