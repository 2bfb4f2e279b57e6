using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using static SafeCommunity.Iot.Cli.Tests.Support.WatchScripts;

namespace SafeCommunity.Iot.Cli.Tests.Watch;

/// <summary>
/// The live view given several gateway instances (two fakes on real Kestrel sockets serving the same cluster-wide
/// sequence, or an address nothing listens on): it moves to the next address whenever the stream ends, resumes
/// after the last sequence it has, and prints every event once, in order.
/// </summary>
public sealed class WatchFailoverTests : TwoGatewaysTest
{
    [Fact]
    public async Task Watch_FirstAddressDead_WatchesAtTheSecondAndComesBackToItAfterAnEnd()
    {
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        Second.Alarms.Script(
            Send([1, 2, 3], then: new RpcException(new Status(StatusCode.Unavailable, "gateway stopping"))),
            Expect(after: 3, send: [3, 4]));
        var console = new TestConsole(files: Files);

        var exit = await RunUntilIdleAsync(console, Second, "alarms", "watch", "--json", "--gateway", $"{dead},{Second.Address}");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([1L, 2, 3, 4], PrintedSequences(console));
        var alive = Show(Second);
        Assert.Contains($"no connection to {dead}", console.Errors, StringComparison.Ordinal);
        Assert.Contains($"moving to {alive}, reconnecting", console.Errors, StringComparison.Ordinal);
        // After the second instance ended the stream, the round goes by the dead one and back.
        Assert.Contains($"moving to {dead}, reconnecting", console.Errors, StringComparison.Ordinal);
        Assert.Contains($"connected again to {alive}", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_FirstInstanceStoppedMidWatch_ResumesAtTheSecondAfterTheLastSequenceWithoutGapOrDuplicate()
    {
        var console = new TestConsole(files: Files);
        First.Alarms.Script(async (_, stream, context) =>
        {
            foreach (var sequence in new long[] { 1, 2, 3 })
            {
                await stream.WriteAsync(Samples.EventItem(sequence));
            }

            // Open and quiet until the instance dies under it.
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        });
        // The second instance has the same sequence: its replay after 3 overlaps nothing, and goes on with 4 and 5.
        Second.Alarms.Script(Expect(after: 3, send: [4, 5]));
        using var stop = new CancellationTokenSource();
        var run = console.RunAsync(stop.Token, "alarms", "watch", "--json", "--gateway", $"{First.Address},{Second.Address}");
        await WaitUntilAsync(() => console.OutputLines.Length == 3, run, console);

        await First.StopNowAsync();
        await WaitUntilAsync(() => console.OutputLines.Length == 5, run, console);
        await Second.Alarms.Idle.WaitAsync(TimeSpan.FromSeconds(15));
        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([1L, 2, 3, 4, 5], PrintedSequences(console));
        Assert.Equal(3, Second.Alarms.WatchRequests[0].AfterSequence);
        Assert.Contains($"moving to {Show(Second)}, reconnecting in 0.5 s, resuming after sequence 3", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_EveryReconnection_GoesToTheNextAddressInTurn()
    {
        var unavailable = new RpcException(new Status(StatusCode.Unavailable, "restarting"));
        First.Alarms.Script(Send([1], then: unavailable), Expect(after: 2, send: [3], then: unavailable));
        Second.Alarms.Script(Expect(after: 1, send: [1, 2], then: unavailable));
        var console = new TestConsole(files: Files);

        await RunUntilIdleAsync(console, Second, "alarms", "watch", "--json", "--gateway", $"{First.Address},{Second.Address}");

        Assert.Equal([1L, 2, 3], PrintedSequences(console));
        Assert.Equal(2, First.Alarms.WatchRequests.Count);
        Assert.Equal(2, Second.Alarms.WatchRequests.Count);
        Assert.Equal(3, Second.Alarms.WatchRequests[1].AfterSequence);
    }

    [Fact]
    public async Task Watch_DefaultStateFile_IsNamedAfterTheFirstAddressWhicheverInstanceServes()
    {
        var dead = FreePort.Next();
        Second.Alarms.Script(Send([8]));
        var console = new TestConsole(files: Files);

        await RunUntilIdleAsync(console, Second, "alarms", "watch", "--gateway", $"http://127.0.0.1:{dead},{Second.Address}");

        var expected = Path.Combine(console.Environment["XDG_STATE_HOME"], "safecomm", $"watch-127.0.0.1-{dead}.seq");
        Assert.Equal("8", File.ReadAllText(expected).Trim());
    }

    private static string Show(FakeGateway gateway) => gateway.Address.GetLeftPart(UriPartial.Authority);

    /// <summary>Waits until <paramref name="condition"/> holds; fails if the watch ends first or nothing happens for 15 s.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, Task<int> run, TestConsole console)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the watch ended by itself with exit code {await run}: {console.Errors}");
            }

            await Task.Delay(10, patience.Token);
        }
    }
}
