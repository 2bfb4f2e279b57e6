namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>How urgent an alarm is; subscribers filter on a minimum.</summary>
public enum AlarmSeverity
{
    /// <summary>For the record (<c>low</c>).</summary>
    Low = 1,

    /// <summary>Look at it today (<c>medium</c>).</summary>
    Medium = 2,

    /// <summary>Act soon (<c>high</c>).</summary>
    High = 3,

    /// <summary>Act now: a person or a stolen bike (<c>critical</c>).</summary>
    Critical = 4,
}
