using System.Collections.Concurrent;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Pipeline;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

internal sealed class RecordingObserver : IUplinkObserver
{
    public ConcurrentQueue<AcceptedUplink> Stored { get; } = new();

    public void OnStored(AcceptedUplink uplink) => Stored.Enqueue(uplink);
}
