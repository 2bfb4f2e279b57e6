namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>
/// Whether other gateways store alarm events in the same store, and a notice when any of them may have stored some.
/// With a shared store a gateway publishes its alarm stream as read back from the store, in sequence order, rather
/// than from its own commits, so every gateway streams every event of the store in one order (docs/scale-out.md).
/// </summary>
public interface IAlarmEventSignal
{
    /// <summary>Whether other gateways may share the store (PostgreSQL); a SQLite file has one gateway.</summary>
    bool IsShared { get; }

    /// <summary>
    /// Whether this gateway escalates unacknowledged alarms now. Every gateway of a shared store knows every active
    /// alarm, so one of them at a time escalates (the holder of a lock in the store while it listens), or each alarm
    /// would be escalated, and its duty officer told, once per gateway. Always true for a store that is not shared.
    /// </summary>
    bool LeadsEscalation { get; }

    /// <summary>
    /// Listens until cancelled and calls <paramref name="onStored"/> whenever any gateway of the store may have stored
    /// alarm events, and after each (re)connection, since a notice may have been missed meanwhile. Only for a shared store.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store is not shared.</exception>
    Task ListenAsync(Action onStored, CancellationToken cancellationToken);
}
