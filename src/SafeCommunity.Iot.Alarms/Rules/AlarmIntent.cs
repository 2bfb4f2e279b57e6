using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Alarms.Rules;

/// <summary>
/// A rule's finding: "this condition holds now". The alarm book turns it into a new alarm, or an update of the
/// open alarm with the same subject and condition key.
/// </summary>
public sealed record AlarmIntent
{
    /// <summary>What it is about.</summary>
    public required AlarmKind Kind { get; init; }

    /// <summary>How urgent.</summary>
    public required AlarmSeverity Severity { get; init; }

    /// <summary>Identifies the condition (see <see cref="Alarm.ConditionKey"/>).</summary>
    public required string ConditionKey { get; init; }

    /// <summary>The device, for device alarms.</summary>
    public uint? DeviceId { get; init; }

    /// <summary>The receiver, for receiver alarms.</summary>
    public string? ReceiverId { get; init; }

    /// <summary>Whom it concerns.</summary>
    public required string Subject { get; init; }

    /// <summary>The subject's community.</summary>
    public required string HomeCommunityId { get; init; }

    /// <summary>The community where it was seen.</summary>
    public string? SeenCommunityId { get; init; }

    /// <summary>Where.</summary>
    public Location? Location { get; init; }

    /// <summary>Who heard it.</summary>
    public IReadOnlyList<string> ReceiverIds { get; init; } = [];

    /// <summary>When the condition was seen.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>A short description for people.</summary>
    public string? Detail { get; init; }
}
