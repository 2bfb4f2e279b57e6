using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.State;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Storage.Tests.Alarms;

/// <summary>
/// The store's notice of stored alarm events on PostgreSQL, as two gateways of one database see it: each commit with
/// events reaches every listener, and one listener at a time escalates, another taking over when it stops.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class StoredAlarmEventSignalTests(PostgreSqlFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new(postgres.Server);

    [Fact]
    public async Task TwoGateways_BothHearEveryCommitWithEvents_OneEscalates_TheOtherTakesOverWhenItStops()
    {
        var east = new StoredAlarmEventSignal(_directory.OpenDatabase());
        var west = new StoredAlarmEventSignal(_directory.OpenDatabase());
        var eastHeard = 0;
        var westHeard = 0;
        using var stopEast = new CancellationTokenSource();
        using var stopWest = new CancellationTokenSource();
        var eastListening = east.ListenAsync(() => Interlocked.Increment(ref eastHeard), stopEast.Token);
        var westListening = west.ListenAsync(() => Interlocked.Increment(ref westHeard), stopWest.Token);

        // Each calls once when it starts listening; a leader is there within one check.
        await Waiting.UntilAsync(() => Volatile.Read(ref eastHeard) >= 1 && Volatile.Read(ref westHeard) >= 1, TimeSpan.FromSeconds(30), "both to listen");
        await Waiting.UntilAsync(() => east.LeadsEscalation || west.LeadsEscalation, TimeSpan.FromSeconds(30), "a gateway to escalate");
        Assert.NotEqual(east.LeadsEscalation, west.LeadsEscalation);

        var (eastBefore, westBefore) = (Volatile.Read(ref eastHeard), Volatile.Read(ref westHeard));
        using (var writer = new StateAndAlarmWriter(_directory.OpenDatabase()))
        {
            var batch = new StateAndAlarmBatch();
            batch.AlarmEvents.Add(AlarmTestData.Event(1, AlarmEventType.Raised, AlarmTestData.Sos(1)));
            writer.Commit(batch);
        }

        await Waiting.UntilAsync(
            () => Volatile.Read(ref eastHeard) > eastBefore && Volatile.Read(ref westHeard) > westBefore,
            TimeSpan.FromSeconds(30), "both to hear the commit");

        var (leader, follower, stopLeader, leaderListening) = east.LeadsEscalation
            ? (east, west, stopEast, eastListening)
            : (west, east, stopWest, westListening);
        await stopLeader.CancelAsync();
        await leaderListening;
        Assert.False(leader.LeadsEscalation);
        await Waiting.UntilAsync(() => follower.LeadsEscalation, TimeSpan.FromSeconds(30), "the other gateway to take over escalating");

        await stopEast.CancelAsync();
        await stopWest.CancelAsync();
        await Task.WhenAll(eastListening, westListening);
    }

    [Fact]
    public async Task ASqliteStore_IsNotShared_EscalatesAlone_AndHasNoNotices()
    {
        using var sqlite = new TempDirectory();
        var signal = new StoredAlarmEventSignal(sqlite.OpenDatabase());

        Assert.False(signal.IsShared);
        Assert.True(signal.LeadsEscalation);
        await Assert.ThrowsAsync<InvalidOperationException>(() => signal.ListenAsync(() => { }, CancellationToken.None));
    }

    public void Dispose() => _directory.Dispose();
}
