using SafeCommunity.Iot.Core.Alarms;

namespace SafeCommunity.Iot.Alarms.Lifecycle;

/// <summary>Why a person's change to an alarm was refused.</summary>
public enum AlarmChangeError
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>No open or acknowledged alarm has that id (unknown, or already resolved).</summary>
    NotActive,

    /// <summary>Someone acknowledged it already.</summary>
    AlreadyAcknowledged,

    /// <summary>The gateway stopped before the change could be stored; nothing changed.</summary>
    NotStored,
}

/// <summary>The outcome of acknowledging or resolving: the event, or why not.</summary>
/// <param name="Event">The event when accepted.</param>
/// <param name="Error">Why it was refused.</param>
public readonly record struct AlarmChange(AlarmEvent? Event, AlarmChangeError Error)
{
    /// <summary>Accepted with <paramref name="alarmEvent"/>.</summary>
    public static AlarmChange Done(AlarmEvent alarmEvent) => new(alarmEvent, AlarmChangeError.None);

    /// <summary>Refused.</summary>
    public static AlarmChange Failed(AlarmChangeError error) => new(null, error);
}
