using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>An alarm as people see it: what, who, where, when, how often, and who is handling it.</summary>
public sealed record Alarm
{
    /// <summary>Its id, unique on this gateway.</summary>
    public required long Id { get; init; }

    /// <summary>What it is about.</summary>
    public required AlarmKind Kind { get; init; }

    /// <summary>How urgent it is.</summary>
    public required AlarmSeverity Severity { get; init; }

    /// <summary>
    /// What makes two raisings "the same condition" (e.g. <c>sos</c>, <c>fence:school-7</c>, <c>theft:42</c>):
    /// while an alarm with the same device and key is open, the condition updates it instead of opening another.
    /// </summary>
    public required string ConditionKey { get; init; }

    /// <summary>The device, for device alarms.</summary>
    public uint? DeviceId { get; init; }

    /// <summary>The receiver, for receiver alarms.</summary>
    public string? ReceiverId { get; init; }

    /// <summary>Whom or what it concerns, as people call it ("Grandma Wang", "blue Yadea e-bike", "Wufu north gate").</summary>
    public required string Subject { get; init; }

    /// <summary>The community the device or receiver belongs to.</summary>
    public required string HomeCommunityId { get; init; }

    /// <summary>The community whose receiver heard it (may differ for a stolen bike carried away).</summary>
    public string? SeenCommunityId { get; init; }

    /// <summary>The latest position, with accuracy and source.</summary>
    public Location? Location { get; init; }

    /// <summary>The receivers that heard the latest occurrence.</summary>
    public IReadOnlyList<string> ReceiverIds { get; init; } = [];

    /// <summary>When it was first raised.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>When the condition was last seen.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>How many times the condition was seen while open.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Open, acknowledged or resolved.</summary>
    public AlarmState State { get; init; } = AlarmState.Open;

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>When it was acknowledged.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who resolved it.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>When it was resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The resolver's note.</summary>
    public string? ResolutionNote { get; init; }

    /// <summary>When it escalated, if it did.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>A short description of the latest occurrence ("heard by wufu-gate-north", "fence school-7").</summary>
    public string? Detail { get; init; }

    /// <summary>Whether it still needs someone (open or acknowledged).</summary>
    public bool IsActive => State != AlarmState.Resolved;
}
