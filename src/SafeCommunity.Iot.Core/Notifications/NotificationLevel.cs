namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>When in an alarm's life a subscriber is told.</summary>
public enum NotificationLevel
{
    /// <summary>When the alarm is raised: the family, the owner, the post (<c>watcher</c>).</summary>
    Watcher = 1,

    /// <summary>When a critical alarm was not acknowledged in time and the engine escalated it (<c>duty-officer</c>).</summary>
    DutyOfficer = 2,

    /// <summary>When it is still not acknowledged the configured time after the escalation (<c>bureau</c>).</summary>
    Bureau = 3,
}
