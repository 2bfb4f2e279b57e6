using SafeCommunity.Iot.Core.Access;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>Writes who did what to the audit log, synchronously: the action is not answered before it is written.</summary>
public sealed class AuditTrail
{
    private readonly IAccessStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the trail over <paramref name="store"/>.</summary>
    public AuditTrail(IAccessStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Records that <paramref name="caller"/> did <paramref name="action"/> to <paramref name="target"/>.</summary>
    public void Record(Caller caller, string action, string target, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        _store.Audit(new AuditRecord(0, _time.GetUtcNow(), caller.Token.Id, caller.Name, action, target, detail));
    }
}
