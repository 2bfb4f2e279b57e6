using System.Threading.Channels;
using Grpc.Core;
using SafeCommunity.Iot.Core.Access;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// Writes who did what to the audit log; no call is answered before its line is stored. A change is written at once,
/// on its own; a read's line goes with the other reads of the moment in one transaction (<see cref="ReadAuditWriter"/>).
/// </summary>
public sealed class AuditTrail
{
    private readonly IAccessStore _store;
    private readonly ReadAuditWriter _reads;
    private readonly TimeProvider _time;

    /// <summary>Creates the trail over <paramref name="store"/>; reads go through <paramref name="reads"/>.</summary>
    public AuditTrail(IAccessStore store, ReadAuditWriter reads, TimeProvider time)
    {
        _store = store;
        _reads = reads;
        _time = time;
    }

    /// <summary>Records that <paramref name="caller"/> changed <paramref name="target"/> (<paramref name="action"/>).</summary>
    public void Record(Caller caller, string action, string target, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        _store.Audit(Line(caller, action, target, detail));
    }

    /// <summary>Records that <paramref name="caller"/> read <paramref name="target"/> (<paramref name="action"/>); completes once it is stored.</summary>
    /// <exception cref="RpcException">Unavailable: the line could not be stored, or the gateway is stopping.</exception>
    public async Task RecordReadAsync(Caller caller, string action, string target, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        try
        {
            await _reads.WriteAsync(Line(caller, action, target, detail), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AuditNotStoredException or ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The audit log cannot be written now; the read was not answered. Try again."));
        }
    }

    private AuditRecord Line(Caller caller, string action, string target, string? detail) =>
        new(0, _time.GetUtcNow(), caller.Token.Id, caller.Name, action, target, detail);
}
