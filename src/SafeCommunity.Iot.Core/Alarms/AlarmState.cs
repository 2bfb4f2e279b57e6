namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>Where an alarm is in its lifecycle: open → acknowledged → resolved.</summary>
public enum AlarmState
{
    /// <summary>Raised, nobody has taken it yet.</summary>
    Open = 1,

    /// <summary>Someone has taken it.</summary>
    Acknowledged = 2,

    /// <summary>Done, with a note.</summary>
    Resolved = 3,
}
