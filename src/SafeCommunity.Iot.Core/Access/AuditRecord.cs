namespace SafeCommunity.Iot.Core.Access;

/// <summary>One line of the audit log: who did what to what, and when.</summary>
/// <param name="Id">Its number (0 before it is stored).</param>
/// <param name="At">When.</param>
/// <param name="TokenId">The token used (empty when none was valid).</param>
/// <param name="Actor">The token's name.</param>
/// <param name="Action">What was done (<see cref="AuditActions"/>).</param>
/// <param name="Target">What it touched ("device 570425345", "alarm 12").</param>
/// <param name="Detail">Anything else worth keeping (never a secret or a position).</param>
public sealed record AuditRecord(long Id, DateTimeOffset At, string TokenId, string Actor, string Action, string Target, string? Detail);

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    /// <summary>A device's position (and trail) was read.</summary>
    public const string Locate = "locate";

    /// <summary>An alarm with its events (positions) was read.</summary>
    public const string AlarmRead = "alarm-read";

    /// <summary>A stolen bike's case file (its sightings and trail) was read.</summary>
    public const string CaseFile = "case-file";

    /// <summary>An alarm stream was opened.</summary>
    public const string AlarmsWatch = "alarms-watch";

    /// <summary>A bike was reported stolen.</summary>
    public const string ReportStolen = "report-stolen";

    /// <summary>A stolen bike was reported recovered.</summary>
    public const string ReportRecovered = "report-recovered";

    /// <summary>An alarm was acknowledged.</summary>
    public const string Acknowledge = "acknowledge";

    /// <summary>An alarm was resolved.</summary>
    public const string Resolve = "resolve";

    /// <summary>A downlink command (arm, disarm, locate now, ...) was sent.</summary>
    public const string Command = "command";

    /// <summary>A token was created.</summary>
    public const string TokenCreate = "token-create";

    /// <summary>A token was revoked.</summary>
    public const string TokenRevoke = "token-revoke";

    /// <summary>A device was enrolled, updated or removed, or a registry file imported.</summary>
    public const string RegistryChange = "registry-change";

    /// <summary>Fences were created, updated, deleted, assigned or unassigned.</summary>
    public const string GeofenceChange = "geofence-change";

    /// <summary>A notification subscription added or removed (<c>notification-change</c>).</summary>
    public const string NotificationChange = "notification-change";
}
