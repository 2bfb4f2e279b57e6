using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>
/// Who is told of what, and how: a scope (the role, household or owner and communities of the token it was made
/// with, optionally narrowed to some devices), a filter (alarm kinds, minimum severity), a level in the alarm's
/// life, quiet hours, a language and one channel with its address.
/// </summary>
public sealed record NotificationSubscription
{
    /// <summary>Its id (<c>sub-</c> and random hex).</summary>
    public required string Id { get; init; }

    /// <summary>What people call it ("Wang family, daughter's phone").</summary>
    public required string Name { get; init; }

    /// <summary>The role whose view of the alarms it gets; it never sees more than a token of that role would.</summary>
    public required AccessRole Role { get; init; }

    /// <summary>The household (family) or owner (owner) whose devices it covers.</summary>
    public string? Principal { get; init; }

    /// <summary>The communities a post's subscription covers.</summary>
    public IReadOnlyList<string> CommunityIds { get; init; } = [];

    /// <summary>Only these devices (each visible in the scope above); empty for every device of the scope.</summary>
    public IReadOnlyList<uint> DeviceIds { get; init; } = [];

    /// <summary>Only these kinds of alarm; empty for every kind.</summary>
    public IReadOnlyList<AlarmKind> Kinds { get; init; } = [];

    /// <summary>The least severity that is told.</summary>
    public AlarmSeverity MinSeverity { get; init; } = AlarmSeverity.Low;

    /// <summary>When in the alarm's life it is told.</summary>
    public NotificationLevel Level { get; init; } = NotificationLevel.Watcher;

    /// <summary>When it is not told of alarms below critical, or null.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary><c>zh-CN</c> or <c>en</c>.</summary>
    public string Language { get; init; } = NotificationLanguages.Chinese;

    /// <summary>How it is told.</summary>
    public required NotificationChannel Channel { get; init; }

    /// <summary>The webhook URL, the phone number (E.164) or the e-mail address.</summary>
    public required string Address { get; init; }

    /// <summary>The webhook's signing key (HMAC-SHA256); null for the other channels. Never logged, shown once.</summary>
    public string? Secret { get; init; }

    /// <summary>The token that made it.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When it was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The subscription as text for logs: id, channel and level, never the address or the secret.</summary>
    public override string ToString() => $"subscription {Id} ({Channel}, {Level})";
}

/// <summary>The languages texts are written in.</summary>
public static class NotificationLanguages
{
    /// <summary>Simplified Chinese.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>Whether <paramref name="language"/> is one of them.</summary>
    public static bool IsKnown(string? language) => language is Chinese or English;
}
