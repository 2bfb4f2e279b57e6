using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Planning;
using SafeCommunity.Iot.Notifications.Tests.Support;

namespace SafeCommunity.Iot.Notifications.Tests.Planning;

/// <summary>A subscription is told of what a token of its role and scope may see, and nothing more.</summary>
public sealed class SubscriptionScopeTests : IDisposable
{
    private readonly NotificationRig _rig = new();

    public void Dispose() => _rig.Dispose();

    public static TheoryData<AccessRole, string?, string[], bool, bool> Roles => new()
    {
        // role, principal, communities, told of the elder's SOS, told of the bike's sighting (seen in xinan)
        { AccessRole.Admin, null, [], true, true },
        { AccessRole.Post, null, ["wufu"], true, true },
        { AccessRole.Post, null, ["xinan"], false, true },
        { AccessRole.Post, null, ["dongfeng"], false, false },
        { AccessRole.Family, NotificationRig.Household, [], true, false },
        { AccessRole.Family, "another-household", [], false, false },
        { AccessRole.Family, NotificationRig.BikeOwner, [], false, false },
        { AccessRole.Owner, NotificationRig.BikeOwner, [], false, true },
        { AccessRole.Owner, NotificationRig.Household, [], false, false },
        { AccessRole.Owner, null, [], false, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Covers_PerRole_IsWhatATokenOfThatScopeMaySee(AccessRole role, string? principal, string[] communities, bool elder, bool bike)
    {
        var subscription = Subscription(role, principal, communities);
        Assert.Equal(elder, SubscriptionScope.Covers(subscription, Alarm(NotificationRig.Sos(NotificationRig.T0)), _rig.Registry));
        Assert.Equal(bike, SubscriptionScope.Covers(subscription, Alarm(NotificationRig.StolenBikeSighted(NotificationRig.T0)), _rig.Registry));
    }

    [Fact]
    public void Covers_KindsSeverityAndDevices_NarrowTheScope()
    {
        var family = Subscription(AccessRole.Family, NotificationRig.Household, []);
        var sos = Alarm(NotificationRig.Sos(NotificationRig.T0));
        var battery = Alarm(NotificationRig.LowBattery(NotificationRig.T0));
        Assert.True(SubscriptionScope.Covers(family, battery, _rig.Registry));
        Assert.False(SubscriptionScope.Covers(family with { MinSeverity = AlarmSeverity.High }, battery, _rig.Registry));
        Assert.True(SubscriptionScope.Covers(family with { MinSeverity = AlarmSeverity.High }, sos, _rig.Registry));
        Assert.False(SubscriptionScope.Covers(family with { Kinds = [AlarmKind.Fall] }, sos, _rig.Registry));
        Assert.True(SubscriptionScope.Covers(family with { Kinds = [AlarmKind.Fall, AlarmKind.Sos] }, sos, _rig.Registry));
        Assert.False(SubscriptionScope.Covers(family with { DeviceIds = [12345] }, sos, _rig.Registry));
        Assert.True(SubscriptionScope.Covers(family with { DeviceIds = [NotificationRig.ElderId] }, sos, _rig.Registry));
    }

    [Fact]
    public void Covers_ADeviceRemovedFromTheRegistry_IsNoLongerToldToTheFamily()
    {
        var family = Subscription(AccessRole.Family, NotificationRig.Household, []);
        var sos = Alarm(NotificationRig.Sos(NotificationRig.T0));
        Assert.True(_rig.Registry.RemoveDevice(NotificationRig.ElderId));
        Assert.False(SubscriptionScope.Covers(family, sos, _rig.Registry));
    }

    private static NotificationSubscription Subscription(AccessRole role, string? principal, string[] communities) => new()
    {
        Id = "sub-x",
        Name = "x",
        Role = role,
        Principal = principal,
        CommunityIds = communities,
        Channel = NotificationChannel.Webhook,
        Address = "http://127.0.0.1/",
        CreatedBy = "tok",
        CreatedAt = NotificationRig.T0,
    };

    private static Alarm Alarm(Alarms.Rules.AlarmIntent intent) => new()
    {
        Id = 1,
        Kind = intent.Kind,
        Severity = intent.Severity,
        ConditionKey = intent.ConditionKey,
        DeviceId = intent.DeviceId,
        Subject = intent.Subject,
        HomeCommunityId = intent.HomeCommunityId,
        SeenCommunityId = intent.SeenCommunityId,
        Location = intent.Location,
        FirstSeen = intent.At,
        LastSeen = intent.At,
        Detail = intent.Detail,
    };
}
