namespace SafeCommunity.Iot.Core.Notifications;

/// <summary>Where a notification of the outbox stands.</summary>
public enum OutboxState
{
    /// <summary>Waiting for its due time or for a retry (<c>pending</c>).</summary>
    Pending = 1,

    /// <summary>The receiver accepted it (<c>delivered</c>).</summary>
    Delivered = 2,

    /// <summary>Given up on: refused for good, or not accepted within the give-up time (<c>dead</c>).</summary>
    Dead = 3,

    /// <summary>No longer needed: an escalation step after the alarm was acknowledged or resolved (<c>stopped</c>).</summary>
    Stopped = 4,
}
