using System.Collections.Concurrent;
using SafeCommunity.Iot.Core.Uplinks;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

internal sealed class RecordingObserver : IUplinkObserver
{
    public ConcurrentQueue<AcceptedUplink> Stored { get; } = new();

    public void OnStored(AcceptedUplink uplink) => Stored.Enqueue(uplink);
}
