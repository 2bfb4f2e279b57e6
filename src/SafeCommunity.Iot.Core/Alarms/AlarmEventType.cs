namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>What happened to an alarm; each is one numbered event in the alarm stream.</summary>
public enum AlarmEventType
{
    /// <summary>A new alarm.</summary>
    Raised = 1,

    /// <summary>The same condition again while open: count, last seen, latest position (a new sighting for a stolen bike).</summary>
    Updated = 2,

    /// <summary>Someone acknowledged it.</summary>
    Acknowledged = 3,

    /// <summary>Someone resolved it.</summary>
    Resolved = 4,

    /// <summary>A critical alarm was not acknowledged in time.</summary>
    Escalated = 5,
}
