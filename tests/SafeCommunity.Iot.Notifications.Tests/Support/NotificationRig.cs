using System.Diagnostics.CodeAnalysis;
using SafeCommunity.Iot.Alarms.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Alarms.Engine;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.Notifications.Delivery;
using SafeCommunity.Iot.Notifications.Hosting;
using SafeCommunity.Iot.Notifications.Planning;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.Notifications;
using SafeCommunity.Iot.Storage.State;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Notifications.Tests.Support;

/// <summary>
/// The notification path as the gateway runs it, on real parts: the alarm engine numbers events, the notifying writer
/// plans their notifications and the store's committer writes both in one SQLite transaction, and the dispatcher
/// delivers them through the real webhook, SMS and SMTP senders to real servers on loopback. The clock is a fake one
/// that the test moves, so backoff, quiet hours and escalation are exact and nothing waits for real time.
/// </summary>
internal sealed class NotificationRig : IDisposable
{
    public const uint ElderId = 570425345;
    public const uint BikeId = 285212673;
    public const string Household = "wang-household";
    public const string BikeOwner = "owner-li";
    public const string Wufu = "wufu";
    public const string WebhookSecret = "family-webhook-secret-0123456789";

    /// <summary>08:35 in Anlong (UTC+8): 00:35 UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 12, 7, 0, 35, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _http;
    private long _lastAlarmId;
    private GatewayDatabase _database;
    private StateAndAlarmWriter _storeWriter;
    private int _subscriptionCount;

    public NotificationRig(Action<NotificationOptions>? configure = null)
    {
        Http = new LoopbackHttpReceiver();
        Smtp = new LoopbackSmtpServer();
        Time = new FakeTimeProvider(T0);
        Options = new NotificationOptions
        {
            FirstRetryDelay = TimeSpan.FromSeconds(10),
            MaxRetryDelay = TimeSpan.FromMinutes(1),
            GiveUpAfter = TimeSpan.FromMinutes(30),
            BureauAfter = TimeSpan.FromMinutes(5),
            SendTimeout = TimeSpan.FromSeconds(30),
            Sms = new SmsGatewayOptions
            {
                Url = Http.BaseUrl + "sms",
                Headers = { ["Authorization"] = "Bearer sms-provider-credential" },
            },
            Email = new SmtpOptions { Host = "127.0.0.1", Port = Smtp.Port, Security = "None", From = "alarms@anlong-police.example.cn" },
        };
        configure?.Invoke(Options);
        Registry = NewRegistry();
        _http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        Engine = new AlarmEngine(
            new AlarmStartState([], 0, 0),
            RuleOptions,
            new ReceiverRules(RuleOptions, Registry, new ReceiverStatusBoard()),
            new AlarmIds(count => _lastAlarmId += count));
        _database = OpenStore();
        Store = new NotificationStore(_database);
        Book = new SubscriptionBook(Store);
        Writer = NewWriter();
        Dispatcher = NewDispatcher();
    }

    /// <summary>The engine escalates an unacknowledged critical alarm after 2 minutes.</summary>
    public static AlarmRuleOptions RuleOptions { get; } = new() { EscalateAfter = TimeSpan.FromMinutes(2) };

    public LoopbackHttpReceiver Http { get; }

    public LoopbackSmtpServer Smtp { get; }

    public FakeTimeProvider Time { get; }

    public NotificationOptions Options { get; }

    public DeviceRegistry Registry { get; }

    public AlarmEngine Engine { get; }

    public NotificationStore Store { get; private set; }

    public SubscriptionBook Book { get; private set; }

    public IStateAndAlarmWriter Writer { get; private set; }

    public OutboxDispatcher Dispatcher { get; private set; }

    public string WebhookUrl => Http.BaseUrl + "family-hook";

    public NotificationSubscription Subscribe(
        AccessRole role,
        NotificationChannel channel,
        string address,
        string? principal = null,
        string[]? communities = null,
        NotificationLevel level = NotificationLevel.Watcher,
        QuietHours? quiet = null,
        string language = NotificationLanguages.Chinese)
    {
        var subscription = new NotificationSubscription
        {
            Id = $"sub-{++_subscriptionCount}",
            Name = $"{role} {channel}",
            Role = role,
            Principal = principal,
            CommunityIds = communities ?? [],
            Level = level,
            QuietHours = quiet,
            Language = language,
            Channel = channel,
            Address = address,
            Secret = channel == NotificationChannel.Webhook ? WebhookSecret : null,
            CreatedBy = "tok-test",
            CreatedAt = Time.GetUtcNow(),
        };
        Book.Add(subscription);
        return subscription;
    }

    /// <summary>Raises <paramref name="intent"/> through the engine and commits its event (and its notifications).</summary>
    public AlarmEvent Raise(AlarmIntent intent)
    {
        var batch = new StateAndAlarmBatch();
        Engine.Raise([intent], batch.AlarmEvents);
        Writer.Commit(batch);
        return Assert.Single(batch.AlarmEvents);
    }

    /// <summary>Moves the clock and lets the engine decide what the time brings (escalations), committed.</summary>
    public IReadOnlyList<AlarmEvent> Advance(TimeSpan by)
    {
        Time.Advance(by);
        var batch = new StateAndAlarmBatch();
        Engine.Tick(Time.GetUtcNow(), batch.AlarmEvents);
        Writer.Commit(batch);
        return batch.AlarmEvents;
    }

    public AlarmEvent Acknowledge(long alarmId)
    {
        var batch = new StateAndAlarmBatch();
        Engine.Apply(AlarmRequest.Acknowledge(alarmId, "post wufu", Time.GetUtcNow()), batch.AlarmEvents);
        Writer.Commit(batch);
        return Assert.Single(batch.AlarmEvents);
    }

    public Task<int> DeliverAsync() => Dispatcher.DeliverDueAsync(CancellationToken.None);

    /// <summary>
    /// A restart of the gateway on the same database: every object that held anything in memory (the store's
    /// connections, the subscriptions, the dispatcher) is dropped and built again from the file.
    /// </summary>
    public void Restart()
    {
        _storeWriter.Dispose();
        _database.Dispose();
        _database = OpenStore();
        Store = new NotificationStore(_database);
        Book = new SubscriptionBook(Store);
        Writer = NewWriter();
        Dispatcher = NewDispatcher();
    }

    public static AlarmIntent LeftSafeZone(DateTimeOffset at) => new()
    {
        Kind = AlarmKind.LeftSafeZone,
        Severity = AlarmSeverity.High,
        ConditionKey = "fence:home-wang",
        DeviceId = ElderId,
        Subject = "王奶奶的手环",
        HomeCommunityId = Wufu,
        SeenCommunityId = Wufu,
        Location = new Location(new GeoPoint(25.1010123, 105.4690456), 12.5, LocationSource.Gnss, at),
        ReceiverIds = ["wufu-gate-north"],
        At = at,
        Detail = "left 王家小区安全区",
    };

    public static AlarmIntent Sos(DateTimeOffset at) =>
        LeftSafeZone(at) with { Kind = AlarmKind.Sos, Severity = AlarmSeverity.Critical, ConditionKey = "sos", Detail = null };

    public static AlarmIntent LowBattery(DateTimeOffset at) => LeftSafeZone(at) with
    {
        Kind = AlarmKind.LowBattery,
        Severity = AlarmSeverity.Medium,
        ConditionKey = "battery",
        Detail = "battery 9 %",
    };

    public static AlarmIntent StolenBikeSighted(DateTimeOffset at) => new()
    {
        Kind = AlarmKind.StolenBikeSighted,
        Severity = AlarmSeverity.Critical,
        ConditionKey = "theft:1",
        DeviceId = BikeId,
        Subject = "雅迪电动车 蓝",
        HomeCommunityId = Wufu,
        SeenCommunityId = "xinan",
        Location = new Location(new GeoPoint(25.1101, 105.4712), 80, LocationSource.Receivers, at),
        ReceiverIds = ["xinan-gate-east"],
        At = at,
        Detail = "heard by xinan-gate-east",
    };

    public void Dispose()
    {
        _storeWriter.Dispose();
        _database.Dispose();
        _http.Dispose();
        Http.Dispose();
        Smtp.Dispose();
        _directory.Dispose();
    }

    private static DeviceRegistry NewRegistry()
    {
        var registry = new DeviceRegistry();
        Community Community(string id, string name) => new() { Id = id, Name = name, PoliceRoom = $"{id} police room" };
        Device Device(uint id, DeviceKind kind, string name, string owner) => new()
        {
            Id = id,
            Kind = kind,
            Key = DeviceKey.FromBytes(new byte[16]),
            DisplayName = name,
            CommunityId = Wufu,
            Owner = owner,
        };
        registry.Apply(new RegistryContents(
            [Community(Wufu, "五福社区"), Community("xinan", "新安社区")],
            [],
            [
                Device(ElderId, DeviceKind.ElderWristband, "王奶奶的手环", Household),
                Device(BikeId, DeviceKind.EbikeChip, "雅迪电动车 蓝", BikeOwner),
            ]));
        return registry;
    }

    private GatewayDatabase OpenStore()
    {
        var database = new GatewayDatabase(new StorageOptions { DataDirectory = "data" }, _directory.Path);
        database.EnsureMigrated();
        return database;
    }

    [MemberNotNull(nameof(_storeWriter))]
    private NotifyingStateAndAlarmWriter NewWriter()
    {
        var planner = new NotificationPlanner(Book, Registry, Microsoft.Extensions.Options.Options.Create(Options));
        _storeWriter = new StateAndAlarmWriter(_database, planner: planner);
        return new(_storeWriter, new DeliverySignal());
    }

    private OutboxDispatcher NewDispatcher()
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var clients = _http.GetRequiredService<IHttpClientFactory>();
        return new OutboxDispatcher(
            Store,
            Book,
            [new WebhookSender(clients), new SmsGatewaySender(clients, options), new SmtpSender(options)],
            options,
            Time);
    }
}
