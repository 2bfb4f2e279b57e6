using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

/// <summary>
/// One gateway's signal of a shared in-memory store, whose escalation lead the test hands over (on PostgreSQL, a
/// lock the gateway holds while it listens, freed when it dies).
/// </summary>
internal sealed class LeadershipSignal(InMemoryStore store, bool leads) : IAlarmEventSignal
{
    private volatile bool _leads = leads;

    public bool IsShared => store.IsShared;

    public bool LeadsEscalation
    {
        get => _leads;
        set => _leads = value;
    }

    public Task ListenAsync(Action onStored, CancellationToken cancellationToken) => store.ListenAsync(onStored, cancellationToken);
}
